package scenarios_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/hostile-lab/hostile/scenarios"
)

// FuzzParse feeds the loader mangled scenarios, seeded with the library: it
// must never panic, and whatever it accepts must come back from its own YAML.
// `make test` runs it for a bounded time; `go test -fuzz FuzzParse ./scenarios`
// for longer.
func FuzzParse(f *testing.F) {
	files, err := filepath.Glob("library/*.yaml")
	if err != nil || len(files) == 0 {
		f.Fatalf("no library to seed from: %v", err)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(valid))
	f.Add([]byte("extends: healthy-debian12\nname: x\nfaults: [{type: latency, params: {delay: 1s}}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := scenarios.Parse("fuzz.yaml", data)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an error with no message")
			}
			return
		}
		shown := s.YAML()
		if _, err := scenarios.Parse("fuzz.yaml", shown); err != nil {
			t.Fatalf("the scenario's own YAML does not load: %v\n%s", err, shown)
		}
		s.WithOps()
	})
}
