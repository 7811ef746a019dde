package elfbin_test

import (
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

func TestElfbin(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "ELF binaries")
}
