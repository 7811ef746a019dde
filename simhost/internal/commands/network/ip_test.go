package network_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
	"github.com/hostile-lab/hostile/simhost/machine"
)

// containerNIC describes eth0 as a Debian 12 container showed it (ip -o link,
// /sys/class/net/eth0): one end of a veth pair, Docker's address.
func containerNIC(d *machine.Description) {
	d.Hardware.NICs = []machine.NIC{{Name: "eth0", MTU: 1400, Index: 64, Peer: 65, Address: "172.17.0.4/16"}}
}

var _ = Describe("ip, from the host's description of its network", func() {
	It("shows links, addresses and routes as iproute2 6.1 does in a container", func() {
		m := NewHost("debian12", containerNIC)
		Expect(Run(m, "ops", `ip -o link`).Stdout).To(Equal(
			"1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n" +
				"64: eth0@if65: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 qdisc noqueue state UP mode DEFAULT group default \\    link/ether 02:42:ac:11:00:04 brd ff:ff:ff:ff:ff:ff link-netnsid 0\n"))
		Expect(Run(m, "ops", `ip -4 -o a s eth0`).Stdout).To(Equal(
			"64: eth0    inet 172.17.0.4/16 brd 172.17.255.255 scope global eth0\\       valid_lft forever preferred_lft forever\n"))
		Expect(Run(m, "ops", `ip -4 addr`).Stdout).To(Equal(
			"1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n" +
				"    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever\n" +
				"64: eth0@if65: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 qdisc noqueue state UP group default  link-netnsid 0\n" +
				"    inet 172.17.0.4/16 brd 172.17.255.255 scope global eth0\n       valid_lft forever preferred_lft forever\n"))
		Expect(Run(m, "ops", `ip addr show eth0`).Stdout).To(Equal(
			"64: eth0@if65: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 qdisc noqueue state UP group default \n" +
				"    link/ether 02:42:ac:11:00:04 brd ff:ff:ff:ff:ff:ff link-netnsid 0\n" +
				"    inet 172.17.0.4/16 brd 172.17.255.255 scope global eth0\n       valid_lft forever preferred_lft forever\n"))
		Expect(Run(m, "ops", `ip -br -4 a`).Stdout).To(Equal("lo               UNKNOWN        127.0.0.1/8 \neth0@if65        UP             172.17.0.4/16 \n"))
		Expect(Run(m, "ops", `ip -br link`).Stdout).To(Equal(
			"lo               UNKNOWN        00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP> \neth0@if65        UP             02:42:ac:11:00:04 <BROADCAST,MULTICAST,UP,LOWER_UP> \n"))
		Expect(Run(m, "ops", `ip -j link show lo`).Stdout).To(Equal(`[{"ifindex":1,"ifname":"lo","flags":["LOOPBACK","UP","LOWER_UP"],"mtu":65536,"qdisc":"noqueue","operstate":"UNKNOWN","linkmode":"DEFAULT","group":"default","txqlen":1000,"link_type":"loopback","address":"00:00:00:00:00:00","broadcast":"00:00:00:00:00:00"}]` + "\n"))
		Expect(Run(m, "ops", `ip r s`).Stdout).To(Equal("default via 172.17.0.1 dev eth0 \n172.17.0.0/16 dev eth0 proto kernel scope link src 172.17.0.4 \n"))
		Expect(Run(m, "ops", `ip -j route show default`).Stdout).To(Equal(`[{"dst":"default","gateway":"172.17.0.1","dev":"eth0","flags":[]}]` + "\n"))
		Expect(Run(m, "ops", `ip route get 8.8.8.8`).Stdout).To(Equal("8.8.8.8 via 172.17.0.1 dev eth0 src 172.17.0.4 uid 1000 \n    cache \n"))
		Expect(Run(m, "ops", `ip -6 addr; ip -V`).Stdout).To(Equal("ip utility, iproute2-6.1.0, libbpf 1.1.2\n"))
		Expect(Run(m, "ops", `hostname -I`).Stdout).To(Equal("172.17.0.4 \n"))
		Expect(Run(m, "ops", `cat /sys/class/net/eth0/iflink /etc/resolv.conf`).Stdout).To(Equal("65\nnameserver 172.17.0.1\n"))
	})

	// -d, -p and -j -br as bookworm's iproute2 6.1 and bullseye's 5.9 print
	// them in a container (`docker run --rm IMAGE ip ...`), with this
	// description's index, peer and address in the container's: 6.1 adds
	// allmulti and the tso and gro limits; a veth has a queue a processor.
	DescribeTable("prints the kernel's details, pretty JSON and brief JSON",
		func(personality string, newer bool) {
			m := NewHost(personality, containerNIC)
			allmulti, limits := "", ""
			if newer {
				allmulti, limits = " allmulti 0 ", "tso_max_size 524280 tso_max_segs 65535 gro_max_size 65536 "
			}
			Expect(Run(m, "ops", `ip -d link`).Stdout).To(Equal(
				"1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n" +
					"    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00 promiscuity 0 " + allmulti + "minmtu 0 maxmtu 0 addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 " + limits + "\n" +
					"64: eth0@if65: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 qdisc noqueue state UP mode DEFAULT group default \n" +
					"    link/ether 02:42:ac:11:00:04 brd ff:ff:ff:ff:ff:ff link-netnsid 0 promiscuity 0 " + allmulti + "minmtu 68 maxmtu 65535 \n" +
					"    veth addrgenmode eui64 numtxqueues 2 numrxqueues 2 gso_max_size 65536 gso_max_segs 65535 " + limits + "\n"))
			Expect(Run(m, "ops", `ip -d -4 addr show lo`).Stdout).To(Equal(
				"1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n"+
					"    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00 promiscuity 0 "+allmulti+"minmtu 0 maxmtu 0 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 "+limits+"\n"+
					"    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever\n"), "the link line is back with -d, without addrgenmode")
			Expect(Run(m, "ops", `ip -d route`).Stdout).To(Equal(
				"unicast default via 172.17.0.1 dev eth0 proto boot scope global \nunicast 172.17.0.0/16 dev eth0 proto kernel scope link src 172.17.0.4 \n"))
			Expect(Run(m, "ops", `ip -j -p route show default`).Stdout).To(Equal(
				"[ {\n        \"dst\": \"default\",\n        \"gateway\": \"172.17.0.1\",\n        \"dev\": \"eth0\",\n        \"flags\": [ ]\n    } ]\n"))
			Expect(Run(m, "ops", `ip -j -p -4 addr show lo`).Stdout).To(Equal("[ {\n"+
				"        \"ifindex\": 1,\n        \"ifname\": \"lo\",\n        \"flags\": [ \"LOOPBACK\",\"UP\",\"LOWER_UP\" ],\n"+
				"        \"mtu\": 65536,\n        \"qdisc\": \"noqueue\",\n        \"operstate\": \"UNKNOWN\",\n        \"group\": \"default\",\n        \"txqlen\": 1000,\n"+
				"        \"addr_info\": [ {\n                \"family\": \"inet\",\n                \"local\": \"127.0.0.1\",\n                \"prefixlen\": 8,\n"+
				"                \"scope\": \"host\",\n                \"label\": \"lo\",\n                \"valid_life_time\": 4294967295,\n"+
				"                \"preferred_life_time\": 4294967295\n            } ]\n    } ]\n"), "no link-layer members for one family")
			Expect(Run(m, "ops", `ip -j -br link; ip -j -br -4 a`).Stdout).To(Equal(
				`[{"ifname":"lo","operstate":"UNKNOWN","address":"00:00:00:00:00:00","flags":["LOOPBACK","UP","LOWER_UP"]},{"link_index":65,"ifname":"eth0","operstate":"UP","address":"02:42:ac:11:00:04","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"]}]` + "\n" +
					`[{"ifname":"lo","operstate":"UNKNOWN","addr_info":[{"local":"127.0.0.1","prefixlen":8}]},{"link_index":65,"ifname":"eth0","operstate":"UP","addr_info":[{"local":"172.17.0.4","prefixlen":16}]}]` + "\n"))
		},
		Entry("bookworm", "debian12", true), Entry("bullseye", "debian11", false))

	It("answers a wrong object, command, option or device as iproute2 does", func() {
		m := NewHost("debian11")
		Expect(Run(m, "ops", `ip nosuch`)).To(Equal(Result{Stderr: "Object \"nosuch\" is unknown, try \"ip help\".\n", Code: 1}))
		Expect(Run(m, "ops", `ip addr foo`)).To(Equal(Result{Stderr: "Command \"foo\" is unknown, try \"ip address help\".\n", Code: 255}))
		Expect(Run(m, "ops", `ip -x`)).To(Equal(Result{Stderr: "Option \"-x\" is unknown, try \"ip -help\".\n", Code: 255}))
		Expect(Run(m, "ops", `ip link show nosuch`)).To(Equal(Result{Stderr: "Device \"nosuch\" does not exist.\n", Code: 1}))
		Expect(Run(m, "ops", `ip link set lo up`)).To(Equal(Result{Stderr: "RTNETLINK answers: Operation not permitted\n", Code: 2}))
		Expect(Run(m, "ops", `ip -V`).Stdout).To(Equal("ip utility, iproute2-5.9.0, libbpf 0.3.0\n"))
	})

	It("selects links by driver kind with type, of which a host's NICs and loopback have none (captured: ip link show type bridge)", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `ip link show type bridge; echo rc=$?; ip addr show type bridge; echo rc=$?`)).To(Equal(Result{Stdout: "rc=0\nrc=0\n"}))
		Expect(Run(m, "ops", `ip link show type`)).To(Equal(Result{Stderr: "Command line is not complete. Try option \"help\"\n", Code: 255}))
	})
})

var _ = Describe("lsb_release", func() {
	It("reads os-release, in the shell script's form on Debian 12 and the Python program's on 11", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `lsb_release -a`)).To(Equal(Result{Stdout: "Distributor ID:\tDebian\nDescription:\tDebian GNU/Linux 12 (bookworm)\nRelease:\t12\nCodename:\tbookworm\n"}))
		Expect(Run(m, "ops", `lsb_release -x`)).To(Equal(Result{Stderr: "lsb_release: invalid option -- 'x'\n", Code: 2}))
		m = NewHost("debian11")
		Expect(Run(m, "ops", `lsb_release -a`)).To(Equal(Result{Stdout: "Distributor ID:\tDebian\nDescription:\tDebian GNU/Linux 11 (bullseye)\nRelease:\t11\nCodename:\tbullseye\n",
			Stderr: "No LSB modules are available.\n"}))
		Expect(Run(m, "ops", `lsb_release -sirc`)).To(Equal(Result{Stdout: "Debian\n11\nbullseye\n"}))
		Expect(Run(m, "ops", `lsb_release -x`)).To(Equal(Result{Stderr: "Usage: lsb_release [options]\n\nlsb_release: error: no such option: -x\n", Code: 2}))
	})
})

var _ = Describe("install", func() {
	It("makes directories and copies files with their mode, and fails as coreutils does", func() {
		m := NewHost("debian12")
		Expect(Run(m, "ops", `install -m 0750 -d /tmp/a/b && stat -c '%a %U' /tmp/a /tmp/a/b`).Stdout).To(Equal("755 ops\n750 ops\n"))
		Expect(Run(m, "ops", `echo hi > /tmp/src; umask 077; install /tmp/src /tmp/dst && stat -c '%a %s' /tmp/dst`).Stdout).To(Equal("755 3\n"))
		Expect(Run(m, "ops", `install -d -m 0750 -o root /tmp/c`)).To(Equal(Result{Stderr: "install: cannot change owner and permissions of '/tmp/c': Operation not permitted\n", Code: 1}))
		Expect(Run(m, "ops", `install -m 0755 -d /opt/agent`)).To(Equal(Result{Stderr: "install: cannot change permissions of '/opt/agent': No such file or directory\n", Code: 1}))
		Expect(Run(m, "root", `install -D -m 0644 /etc/hostname /opt/x/y/h && stat -c '%a' /opt/x /opt/x/y/h`).Stdout).To(Equal("755\n644\n"))
	})
})
