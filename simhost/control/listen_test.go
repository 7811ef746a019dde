package control_test

import (
	"context"
	"io"
	"net/http"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/simhost/control"
)

var _ = Describe("Listen", func() {
	get := func(url string) int {
		c := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
		resp := must(c.Get(url))
		defer resp.Body.Close()
		io.Copy(io.Discard, resp.Body)
		return resp.StatusCode
	}

	It("serves on loopback until stopped", func() {
		addr, stop, err := control.Listen(context.Background(), "127.0.0.1:0", control.New(""))
		Expect(err).NotTo(HaveOccurred())
		Expect(addr).To(MatchRegexp(`^127\.0\.0\.1:\d+$`))
		Expect(get("http://" + addr + "/types")).To(Equal(http.StatusOK))
		Expect(stop()).To(Succeed())
		Expect(stop()).To(Succeed()) // twice is harmless
		_, err = http.Get("http://" + addr + "/types")
		Expect(err).To(HaveOccurred())
	})

	It("stops when its context ends", func() {
		ctx, cancel := context.WithCancel(context.Background())
		addr, stop, err := control.Listen(ctx, "127.0.0.1:0", control.New(""))
		Expect(err).NotTo(HaveOccurred())
		cancel()
		Eventually(func() error {
			c := &http.Client{Timeout: time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
			resp, err := c.Get("http://" + addr + "/types")
			if err == nil {
				resp.Body.Close()
			}
			return err
		}).Should(HaveOccurred())
		Expect(stop()).To(Succeed())
	})

	It("refuses an address beyond loopback without a token, and serves it with one", func() {
		_, _, err := control.Listen(context.Background(), "0.0.0.0:0", control.New(""))
		Expect(err).To(MatchError(`control address "0.0.0.0:0" is reachable beyond this machine: give a token, or listen on 127.0.0.1`))
		_, _, err = control.Listen(context.Background(), ":0", control.New(""))
		Expect(err).To(HaveOccurred())
		_, _, err = control.Listen(context.Background(), "no-port", control.New(""))
		Expect(err).To(MatchError(ContainSubstring(`control address "no-port"`)))

		addr, stop, err := control.Listen(context.Background(), "0.0.0.0:0", control.New("s3cret"))
		Expect(err).NotTo(HaveOccurred())
		defer stop()
		Expect(get("http://" + addr + "/types")).To(Equal(http.StatusUnauthorized))
	})
})
