package commands_test

import (
	"fmt"
	"os"
	"time"

	. "github.com/onsi/ginkgo/v2"
)

var _ = Describe("fs scratch", func() {
	It("shows", func() {
		script := os.Getenv("FS_SCRIPT")
		if script == "" {
			Skip("no script")
		}
		pers := os.Getenv("FS_PERS")
		if pers == "" {
			pers = "debian12"
		}
		user := os.Getenv("FS_USER")
		if user == "" {
			user = "ops"
		}
		m := newHost(pers, fsDir("/home/ops/d", "ops", 0o755), fsFile("/home/ops/d/a.txt", "hello\n", "ops", 0o644),
			fsFile("/home/ops/d/b.sh", "#!/bin/sh\necho hi\n", "ops", 0o755), fsLink("/home/ops/d/l", "a.txt"),
			fsFile("/etc/app.conf", "k=v\n", "root", 0o640),
		)
		fsAge(m, "/home/ops/d/a.txt", time.Date(2023, 1, 5, 10, 0, 0, 0, time.UTC))
		r := run(m, user, script, os.Getenv("FS_STDIN"))
		fmt.Printf("STDOUT:\n%s\nSTDERR:\n%s\nCODE: %d\n", r.Stdout, r.Stderr, r.Code)
	})
})
