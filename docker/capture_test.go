package docker_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/hostile-lab/hostile/docker"
	"github.com/hostile-lab/hostile/harness"
	"github.com/hostile-lab/hostile/simhost/basesys"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// stored reads the base system the personality package embeds for suite.
func stored(t *testing.T, suite docker.Suite) *basesys.Base {
	t.Helper()
	file := filepath.Join("..", "simhost", "personality", "data", suite.Personality+".base.gz")
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := basesys.ReadGzip(f, file)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A capture names the image it came from, whose tag is the recipe's hash: a
// change to docker/packages.txt, rootfs.sh or start.sh without `make capture`
// fails here, with or without a Docker engine.
func TestCaptureIsOfTheCurrentRecipe(t *testing.T) {
	for _, s := range docker.Suites {
		b := stored(t, s)
		if want := docker.Image(s.Name); !strings.HasPrefix(b.Source, want+" ") {
			t.Errorf("%s.base.gz is stale: captured from %q, but the current recipe's image is %s (run make capture)", s.Personality, b.Source, want)
		}
	}
}

// A new capture from the image gives the stored data, but for what two builds
// of the same recipe differ in (docker.Drift). It needs the engine (and builds
// the image when missing).
func TestCaptureMatchesTheImage(t *testing.T) {
	if err := harness.RequireDocker(); err != nil {
		if harness.DockerRequired() {
			t.Fatal(err.Error() + "; HOSTILE_REQUIRE_DOCKER=1 says container tests must run")
		}
		t.Skip(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	for _, s := range docker.Suites {
		fresh, err := docker.Capture(ctx, s.Name, os.Stderr)
		if err != nil {
			t.Fatal(err)
		}
		missing, extra := docker.Drift(stored(t, s), fresh)
		if len(missing)+len(extra) > 0 {
			t.Errorf("%s.base.gz differs from a capture of %s (run make capture):\n  in the image, not stored: %s\n  stored, not in the image: %s",
				s.Personality, docker.Image(s.Name), head(missing), head(extra))
		}
	}
}

func head(lines []string) string {
	if len(lines) == 0 {
		return "nothing"
	}
	if len(lines) > 10 {
		return strings.Join(lines[:10], "\n    ") + fmt.Sprintf("\n    ... and %d more", len(lines)-10)
	}
	return strings.Join(lines, "\n    ")
}
