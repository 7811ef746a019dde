package harness

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

var _ = Describe("watching a container", func() {
	// What containerProbe prints in a container where oracle's connection
	// (sshd: oracle@notty, pid 40) runs rm at a prompt, reading its pipe, and
	// a root shell outside any session reads its own stdin.
	look := func(extra string) string {
		return "self 90\n" +
			"p 1 0 S - /usr/sbin/sshd -D -e\n" +
			"p 30 1 S - sshd: oracle [priv]\n" +
			"p 40 30 S - sshd: oracle@notty\n" +
			"p 41 40 S pipe:[123] rm -i /export/home/oracle/logs/arch_1.log \n" +
			"p 50 1 S pipe:[77] cat \n" +
			"p 90 0 R - sh -c ...\n" + extra
	}

	It("sees a session's command blocked in read(0), for as long as successive looks see it, and counts processes started or ended as activity", func() {
		var w containerWatch
		start := time.Now()
		o, err := w.observe(look(""), start)
		Expect(err).NotTo(HaveOccurred())
		Expect(o.Waits).To(Equal([]InputWait{{Command: "rm -i /export/home/oracle/logs/arch_1.log", For: 0}}), "cat is not under a session")
		first := o.Activity

		o, err = w.observe(look(""), start.Add(3*time.Second))
		Expect(err).NotTo(HaveOccurred())
		Expect(o.Waits).To(Equal([]InputWait{{Command: "rm -i /export/home/oracle/logs/arch_1.log", For: 3 * time.Second}}))
		Expect(o.Activity).To(Equal(first), "nothing started or ended")

		o, err = w.observe(look("p 42 40 R - bash -c true\n"), start.Add(4*time.Second))
		Expect(err).NotTo(HaveOccurred())
		Expect(o.Activity).To(BeNumerically(">", first), "a new process is work")
	})

	It("refuses a probe's output it cannot read", func() {
		var w containerWatch
		_, err := w.observe("sh: 1: cannot open /proc/loadavg\n", time.Now())
		Expect(err).To(MatchError(ContainSubstring("watch the container: the probe printed")))
	})
})
