package network_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// ssh-keygen as facter, Salt and inventory scripts read host keys: the bytes
// are OpenSSH 9.2's and 8.4's (the same), captured on Debian 12 and 11 with
// the keys written below.
var _ = Describe("ssh-keygen", func() {
	It("prints fingerprints (-l, -E md5/sha1) and SSHFP records (-r), and OpenSSH's \\r\\n complaints", func() {
		script := "cd /tmp && printf '%s\\n' 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICsYU3TdW8lq+nt66Mw+3nojV4CrxUIADP7YjWL1TqXZ test@host' > ed.pub && printf '%s\\n' 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC8Zx1V5QCMLpyvIzEWlhIrua6sH3iXGTt3gDxwzwYKboiXvdHzYL1AoiGEGGmuzeazNvUky0k1jF7u7gQ4zjswntgkEPysmx3Ir7fOCzFh9SZ8n98gNjmVjoz9fEGMNV7J41NRrhYqYt87u0qowOXgsvcYkJxwT6fC3T4WNieE5tDtcg3SIAnTQVMSFnIdosLjJoxfYGWc+NQMW3F7qgBiZBNBBuG08Ma06WledAiB/kedrIh/tEuNzfKe9J95sS4IUPMRX3mKwtbG926R/Am4axZw1GNOewe+ZzdlfyYep2TeMYKDpCQ/4WqM8nruAmAl3hi6fLFMp6MqIniaWEXJ ' > rsa.pub && printf '%s\\n' 'ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBE0YhTMGA2fAISsilEW79x++w273lYsad5O8l6WYDWCjd+b++wP9r4K2UBbQAS6mowgAG6TgZxSjJLukOVQoMhI= e c' > ec.pub && cat ed.pub rsa.pub > two.pub && printf 'hello\\n' > t && ssh-keygen -lf ed.pub && ssh-keygen -l -f rsa.pub && ssh-keygen -lf ec.pub -E md5 && ssh-keygen -E sha1 -lf ed.pub && ssh-keygen -lf two.pub && ssh-keygen -lf - < ed.pub && ssh-keygen -r host.example -f ed.pub && ssh-keygen -r h -f rsa.pub && ssh-keygen -r h -f ec.pub\n" +
			"ssh-keygen -lf nosuch.pub; echo \"status $?\"; ssh-keygen -lf t; echo \"status $?\"; ssh-keygen -lf - < t; echo \"status $?\"; ssh-keygen -r h -f nosuch; echo \"status $?\"; ssh-keygen -E nope -lf ed.pub; echo \"status $?\"; ssh-keygen -l < /dev/null; echo \"status $?\"\n" +
			"cp ed.pub k.pub && printf 'PRIVATE\\n' > k && ssh-keygen -lf k; chmod 000 k && ssh-keygen -lf k; echo \"status $?\"\n" +
			""
		OnDebian12And11(script, Printed("256 SHA256:OxdKNrkHDBngXPhJ3n3zaMzn3JTEwhtXNOX4TiC+N08 test@host (ED25519)\n"+
			"2048 SHA256:SyOr3rYE1GQF4eHHeurn/bTbfme8nohHMX6WBuZwtmA no comment (RSA)\n"+
			"256 MD5:8c:45:42:d9:7c:0a:b4:53:5a:da:86:49:d1:c5:1e:58 e c (ECDSA)\n"+
			"256 SHA1:2cw17334vleNKHgi/8CkV6lfVL4 test@host (ED25519)\n"+
			"256 SHA256:OxdKNrkHDBngXPhJ3n3zaMzn3JTEwhtXNOX4TiC+N08 test@host (ED25519)\n"+
			"2048 SHA256:SyOr3rYE1GQF4eHHeurn/bTbfme8nohHMX6WBuZwtmA  (RSA)\n"+
			"256 SHA256:OxdKNrkHDBngXPhJ3n3zaMzn3JTEwhtXNOX4TiC+N08 test@host (ED25519)\n"+
			"host.example IN SSHFP 4 1 d9cc35ef7df8be578d287822ffc0a457a95f54be\n"+
			"host.example IN SSHFP 4 2 3b174a36b9070c19e05cf849de7df368cce7dc94c4c21b5734e5f84e20be374f\n"+
			"h IN SSHFP 1 1 b7e3ac0405438dcbcf3010a11f5daab122d45e2a\n"+
			"h IN SSHFP 1 2 4b23abdeb604d46405e1e1c77aeae7fdb4db7e67bc9e8847317e9606e670b660\n"+
			"h IN SSHFP 3 1 8b3ce2960c78d7a4aca86ccebc4572481d1ccc65\n"+
			"h IN SSHFP 3 2 e20df96e1c1cd95352eff0e110ecc0697f503cdd7ad6bf8461cdb0634a8ace3d\n"+
			"status 255\n"+
			"status 255\n"+
			"status 255\n"+
			"status 255\n"+
			"status 255\n"+
			"Enter file in which the key is (/home/ops/.ssh/id_rsa): status 1\n"+
			"status 255\n"+
			"",
			"ssh-keygen: nosuch.pub: No such file or directory\r\n"+
				"t is not a public key file.\r\n"+
				"(stdin) is not a public key file.\r\n"+
				"nosuch: No such file or directory\r\n"+
				"Invalid hash algorithm \"nope\"\r\n"+
				"k is not a public key file.\r\n"+
				"ssh-keygen: k: Permission denied\r\n"+
				""))
	})
	It("reads a DSA key's size from its wire form (Debian 11's ssh-keygen -A still makes one)", func() {
		r := Run(NewHost("debian11"), "ops", "printf '%s\\n' 'ssh-dss AAAAB3NzaC1kc3MAAACBANEfCm7QmI+OmIaxYLB5tpMaV8HYA+INRk8TZG17bh08N03Kxe90HhEvIfQlewuB1VOipQPWF9NLwoFDlaodGxYts715p2PvPn3TlIlwx8gRYICE5OkdLuoFpujQ5TEUfvPeT7v+3VDJ8dsVQzDZdqQxa5kgDbZSz6zQnVI+hSKrAAAAFQDkmnh+9GVZ+Upjbc9mwRX36x7PfwAAAIBxbs+JIRVxrfnKBqa8DjlNyaYpk/KVzk3na7xKLxP2MW2X+r/O0wcSDnft1G+vEXTcwubBZ0osbumtGJDttFezAad3zs0w7y3qT8Sql0arpeGgFifjkbfSpA8w6P3sgO+p/AejmaWP8YA40dpIl0Z12rjhgwthRlPhu+TqQ85gcAAAAIA7wd6/w8FEejTnK99UzGDZj8uF2k6Qtx5RW4zazc3DNp2r9wClYpNV/YzgKrkZOdWJZ606s14BpvjqOscXjpCnUGVjpLEzCuG+Z8KAbrCbA9MH3M6hu68wS9kK9wFmlR9ruKT0HRBu4UdnlyuItsb39IA2bukeo+pqvU8RJAlJ8g== dsa@x' > /tmp/d.pub && ssh-keygen -lf /tmp/d.pub && ssh-keygen -r h -f /tmp/d.pub")
		Expect(r).To(Equal(Result{Stdout: "1024 SHA256:OznAqsH7DebFSSSVIeYNT/WnpCzTvC3XoMJ9YVgAU38 dsa@x (DSA)\nh IN SSHFP 2 1 6e5354650a409862a5ae07356f99f348f50f11c2\nh IN SSHFP 2 2 3b39c0aac1fb0de6c549249521e60d4ff5a7a42cd3bc2dd7a0c27d615800537f\n"}))
	})
})
