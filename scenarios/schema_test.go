package scenarios_test

import (
	"encoding/json"
	"flag"
	"os"
	"testing"

	. "github.com/onsi/gomega"

	"github.com/hostile-lab/hostile/scenarios"
	"github.com/hostile-lab/hostile/simhost/faults"
)

var update = flag.Bool("update", false, "rewrite schema.json from scenarios.Schema()")

// TestSchema keeps the committed schema.json equal to what Schema makes from
// the Go types and the fault catalogue. When a field or a fault type changes:
//
//	go test ./scenarios -run Schema -update
func TestSchema(t *testing.T) {
	g := NewWithT(t)
	want := scenarios.Schema()
	if *update {
		g.Expect(os.WriteFile("schema.json", want, 0o644)).To(Succeed())
	}
	got, err := os.ReadFile("schema.json")
	g.Expect(err).NotTo(HaveOccurred())
	g.Expect(string(got)).To(Equal(string(want)), "scenarios/schema.json is stale: run go test ./scenarios -run Schema -update")

	var doc map[string]any
	g.Expect(json.Unmarshal(want, &doc)).To(Succeed())
	g.Expect(doc["$schema"]).To(Equal("https://json-schema.org/draft/2020-12/schema"))
	fault := doc["$defs"].(map[string]any)["Fault"].(map[string]any)
	var types []any
	for _, ft := range faults.Types() {
		types = append(types, ft.Name)
	}
	g.Expect(fault["properties"].(map[string]any)["type"].(map[string]any)["enum"]).To(Equal(types))
	g.Expect(fault["allOf"]).To(HaveLen(len(types)), "one if/then per fault type, for its params")
}
