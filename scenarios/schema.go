package scenarios

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"

	"github.com/hostile-lab/hostile/simhost/faults"
	"github.com/hostile-lab/hostile/simhost/personality"
)

// Schema is the JSON Schema (draft 2020-12) of the scenario format, for editors'
// completion and checks. It is made from the Go types by the decoder's own
// naming rules, with the registered fault types and each one's parameters, so
// it cannot drift from what Parse accepts; scenarios/schema.json is a copy of
// it kept in the repository (a test says when it is stale).
func Schema() []byte {
	g := &schemaGen{defs: map[string]any{}}
	root := g.object(reflect.TypeOf(Scenario{}))
	root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	root["$id"] = "https://github.com/hostile-lab/hostile/scenarios/schema.json"
	root["title"] = "hostile scenario"
	root["description"] = "One escalation as the hostile lab replays it: the host, its faults, what the product is asked to do, what a correct product achieves. Load and check with `hostile scenarios validate FILE`."
	root["required"] = []string{"name"}
	// A scenario that extends another may leave everything else to its base.
	root["if"] = map[string]any{"not": map[string]any{"required": []string{"extends"}}}
	root["then"] = map[string]any{"required": []string{"summary", "host", "stimulus", "reference"}}
	root["$defs"] = g.defs
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(root); err != nil {
		panic("scenarios: the schema does not encode: " + err.Error()) // plain maps, slices and strings
	}
	return b.Bytes()
}

// schemaGen turns Go types into schemas, each struct once under $defs.
type schemaGen struct {
	defs map[string]any
}

// defNames rename the Go types whose names say less in a scenario file.
var defNames = map[string]string{"Description": "Host", "Spec": "Fault"}

// The patterns of the forms the decoder reads from text.
const (
	durationPattern = `^(0|[0-9]*\.?[0-9]+|([0-9]*\.?[0-9]+(ns|us|µs|ms|s|m|h))+)$`
	modePattern     = `^(0o)?[0-7]{1,4}$`
	sizePattern     = `^[0-9]+(\.[0-9]+)?([kKmMgGtT]i?)?[Bb]?$`
)

func durationSchema() map[string]any {
	return map[string]any{"type": []string{"string", "number"}, "pattern": durationPattern,
		"description": "a duration such as 30s, 150ms or 1m30s, or a number of seconds"}
}

func (g *schemaGen) of(t reflect.Type) map[string]any {
	switch t {
	case durationType:
		return durationSchema()
	case modeType:
		return map[string]any{"type": []string{"string", "integer"}, "pattern": modePattern,
			"description": `an octal mode, quoted: "0644", "0755", "4755"`}
	case anyMapType:
		return map[string]any{"type": "object"}
	}
	switch t.Kind() {
	case reflect.Pointer:
		return g.of(t.Elem())
	case reflect.Struct:
		name := t.Name()
		if n, ok := defNames[name]; ok {
			name = n
		}
		if _, done := g.defs[name]; !done {
			g.defs[name] = true // placeholder against recursion
			g.defs[name] = g.object(t)
		}
		return map[string]any{"$ref": "#/$defs/" + name}
	case reflect.Slice:
		return map[string]any{"type": "array", "items": g.of(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.of(t.Elem())}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int:
		return map[string]any{"type": "integer"}
	case reflect.Int64:
		return map[string]any{"type": []string{"integer", "string"}, "pattern": sizePattern,
			"description": "bytes, or a size such as 20g, 512MiB or 1.5T (binary units)"}
	case reflect.Float64:
		return map[string]any{"type": "number"}
	}
	return map[string]any{}
}

// object is a struct's schema: its fields by their YAML names, nothing else.
func (g *schemaGen) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	for i := 0; i < t.NumField(); i++ {
		name, ok := fieldName(t.Field(i))
		if !ok {
			continue
		}
		s := g.of(t.Field(i).Type)
		key := t.Name() + "." + name
		for k, v := range fieldSchema()[key] {
			s = withKey(s, k, v)
		}
		if d, ok := fieldDocs[key]; ok {
			s = withKey(s, "description", d)
		}
		props[name] = s
	}
	out := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if t == reflect.TypeOf(faults.Spec{}) {
		out["required"] = []string{"type"}
		out["allOf"] = faultParams()
	}
	return out
}

// withKey adds a keyword to a schema; a $ref gets it beside, as 2020-12 allows.
func withKey(s map[string]any, k string, v any) map[string]any {
	out := map[string]any{}
	for kk, vv := range s {
		out[kk] = vv
	}
	out[k] = v
	return out
}

// fieldSchema are the constraints the loader's checks add to a field's type:
// names that must exist, values from a fixed set.
func fieldSchema() map[string]map[string]any {
	var types []string
	for _, t := range faults.Types() {
		types = append(types, t.Name)
	}
	return map[string]map[string]any{
		"Scenario.name":            {"pattern": scenarioName.String()},
		"Description.personality":  {"enum": personality.Names()},
		"Spec.type":                {"enum": types},
		"Spec.probability":         {"minimum": 0, "maximum": 1},
		"Scope.channel":            {"enum": []string{"exec", "shell", "subsystem"}},
		"Stimulus.operation":       {"enum": operations},
		"Stimulus.count":           {"minimum": 1, "maximum": 100000},
		"Stimulus.concurrency":     {"minimum": 1},
		"BinarySpec.arch":          {"enum": arches},
		"BinarySpec.libc":          {"pattern": `^(GLIBC_2\.|SUNW_1\.)`},
		"Generate.count":           {"minimum": 1, "maximum": maxGenerated},
		"Expect.outcome":           {"enum": []string{"success", "error"}},
		"Expect.max_open_sessions": {"minimum": 0},
		"Reference.legacy":         {"enum": []Result{Pass, Fail}},
		"Reference.hardened":       {"enum": []Result{Pass, Fail}},
	}
}

// faultParams gives each fault type's parameters to the params of a fault of
// that type: names, types, ranges, defaults and help from the type itself.
func faultParams() []any {
	var out []any
	for _, t := range faults.Types() {
		f := t.New()
		defaults := map[string]any{}
		if raw, err := json.Marshal(f); err == nil {
			json.Unmarshal(raw, &defaults)
		}
		props := map[string]any{}
		for _, p := range faults.ParamsOf(f) {
			s := paramSchema(p)
			if d, ok := defaults[p.Name]; ok {
				s["default"] = d
			}
			props[p.Name] = s
		}
		out = append(out, map[string]any{
			"if": map[string]any{"properties": map[string]any{"type": map[string]any{"const": t.Name}}, "required": []string{"type"}},
			"then": map[string]any{
				"description": t.Name + " (" + string(t.Depth) + "): " + t.Summary,
				"properties": map[string]any{"params": map[string]any{
					"type": "object", "properties": props, "additionalProperties": false,
				}},
			},
		})
	}
	return out
}

// paramSchema gives a parameter's type, bounds and enum as schema keywords;
// bounds of a duration (a "10m" text in the schema) stay in its help.
func paramSchema(p faults.Param) map[string]any {
	typ, list := strings.CutPrefix(p.Type, "list of ")
	var s map[string]any
	switch typ {
	case "duration":
		s = durationSchema()
	case "integer", "number", "boolean", "string":
		s = map[string]any{"type": typ}
	case "map":
		s = map[string]any{"type": "object"}
	default:
		s = map[string]any{}
	}
	if p.Enum != nil {
		s["enum"] = p.Enum
	}
	if typ != "duration" {
		if p.Min != nil {
			s["minimum"] = *p.Min
		}
		if p.Max != nil {
			s["maximum"] = *p.Max
		}
	}
	if list {
		s = map[string]any{"type": "array", "items": s}
	}
	s["description"] = p.Help
	return s
}

// fieldDocs describe the fields in editors, from the Go types' comments.
var fieldDocs = map[string]string{
	"Scenario.name":      "lower-case words joined by dashes, like rm-alias-solaris",
	"Scenario.summary":   "one line saying what misbehaves",
	"Scenario.story":     "the field escalation it comes from, in a line or two",
	"Scenario.extends":   "a base scenario (a built-in name or a file next to this one) whose fields this one overrides; users, groups, files, generate, mounts and faults merge item by item",
	"Scenario.host":      "the simulated host: personality, users, sudoers, files, mounts, LVM data, binaries",
	"Scenario.generate":  "families of similar files: {n} in path and content becomes 1..count",
	"Scenario.faults":    "the misbehaviours injected, from the fault catalogue (hostile fault types)",
	"Scenario.stimulus":  "what the product is asked to do against the host",
	"Scenario.expect":    "what a correct product achieves",
	"Scenario.reference": "the verdict each profile of the reference product client must get",

	"Description.personality":  "the OS the host pretends to be",
	"Description.sudoers":      `lines of /etc/sudoers beyond the personality's defaults: "ops ALL=(ALL) NOPASSWD: ALL", "Defaults requiretty"`,
	"Description.binaries":     "how executables that load behave: when a command's path or base name matches, it prints stdout and stderr and exits",
	"Description.hardware":     "what /proc, /sys and ulimit report of the machine; a small server's when left out",
	"Hardware.cpus":            "processors in /proc/cpuinfo; 2 when left out",
	"Hardware.cpu_model":       `cpuinfo's "model name"`,
	"Hardware.cpu_flags":       `cpuinfo's "flags" (meminfo shows DirectMap1G only with pdpe1gb)`,
	"Hardware.memory":          "RAM, /proc/meminfo's MemTotal; 4 GiB when left out",
	"Hardware.file_max":        "/proc/sys/fs/file-max; a tenth of the memory in KiB when left out",
	"Hardware.nics":            "network interfaces in /sys/class/net besides lo; eth0 when left out",
	"NIC.address":              "IPv4 address and prefix length, 192.168.1.10/24; 172.17.0.2/16 for the first interface when left out",
	"NIC.gateway":              "the default route's next hop through this interface; the network's first address for the first interface when left out",
	"NIC.index":                "the ifindex ip shows; 2 for the first interface when left out",
	"NIC.peer":                 "the ifindex of the other end of a veth pair (ip shows eth0@ifPEER), as in a container; none when left out",
	"NIC.mac":                  "the hardware address; 02:42 and the IPv4 address's bytes when left out, as Docker gives them",
	"Limits.open_files":        "ulimit -n; 1024 when left out",
	"Limits.open_files_hard":   "ulimit -Hn; 524288 when left out",
	"Limits.processes":         "ulimit -u and -i; the kernel's default for the memory when left out",
	"User.uid":                 "0 for root; assigned from 1000 when left out",
	"User.gid":                 "primary group id; a group named after the user is made when left out",
	"User.groups":              "supplementary group names",
	"User.home":                "/home/NAME (/export/home/NAME on Solaris) when left out",
	"User.shell":               "the personality's shell when left out",
	"User.password":            "enables password login; without it password login is refused",
	"User.authorized_keys":     "lines of ~/.ssh/authorized_keys",
	"User.rc":                  "files in the home directory by name (.bashrc, .kshrc, .profile) and their text",
	"File.mode":                "permission bits; 0644 for files, 0755 for directories when left out",
	"File.link":                "a symlink target; makes this a symlink",
	"File.owner":               "a user name; root when left out",
	"File.group":               "a group name; the owner's group when left out",
	"Mount.root_squash":        "uid 0 acts as nobody under the mount, as on an NFS export with root_squash",
	"Mount.quota_bytes":        "caps the total size of files under the mount: a write past it fails with ENOSPC",
	"Generate.path":            "an absolute path holding {n}",
	"Generate.count":           "how many files: {n} runs from 1 to count",
	"Generate.content":         "each file's text; {n} becomes its number",
	"Spec.name":                "identifies the fault on its host; the type when left out",
	"Spec.type":                "the kind of fault (hostile fault types lists them with their parameters)",
	"Spec.probability":         "the chance the fault fires when its scope matches; 0 means always",
	"Spec.params":              "the fault type's parameters",
	"Scope.user":               `only these users' sessions: "oracle" or "oracle,ops"`,
	"Scope.command":            "a regular expression the command line must match",
	"Scope.after_commands":     "let this many matching commands run untouched first",
	"Scope.after":              "fire only this long after the fault is added (for transport faults, after the connection opened)",
	"Scope.connection":         "fire only on the Nth connection to the host, from 1",
	"Scope.path":               "limit filesystem faults to a directory tree or a glob",
	"Stimulus.user":            "the user the product logs in as; the first non-root user of the host when left out",
	"Stimulus.command":         "the command line, for run",
	"Stimulus.path":            "the file for remove-file, or where push-binary puts the binary; {n} becomes the repetition's number",
	"Stimulus.binary":          "the helper binary push-binary sends",
	"Stimulus.builds":          "other builds of the helper a product may carry and choose from",
	"Stimulus.args":            "the arguments push-binary runs the binary with",
	"Stimulus.count":           "how many times the operation runs",
	"Stimulus.concurrency":     "how many run at once",
	"Stimulus.timeout":         "how long the harness waits while neither the product nor the host makes any progress before it gives up (10s when left out); not a budget for the operations",
	"BinarySpec.libc":          "the newest libc symbol version it needs: GLIBC_2.34, SUNW_1.23",
	"BinarySpec.static":        "a static binary needs no libc",
	"Expect.within_factor":     "the most the stimulus may take as a multiple of the same client's time for the same stimulus on the healthy twin (the host without faults or rc files), same target, same run",
	"Expect.max_open_sessions": "the most sessions left open on the host once the stimulus ended",
	"Expect.settle":            "how long the count of open sessions may stay put, above max_open_sessions, before it is final (1s when left out, and never less than five of the target's own counts, so that a container counted slowly on a busy machine gets longer)",
	"Expect.files_absent":      "globs that must match nothing on the host afterwards",
	"Expect.files_present":     "globs that must match something on the host afterwards",
	"Expect.outcome":           "success: every operation must succeed; error: a correct product reports an error",
	"Expect.error_mentions":    "texts the reported error must contain (the cause, named)",
	"Expect.volumes":           "the physical volumes list-physical-volumes must return",
	"Expect.stdout":            "what run must print",
	"Expect.exit_status":       "the exit status run must return",
	"Reference.legacy":         "the verdict of the client as shipped when the escalation hit",
	"Reference.hardened":       "the verdict of the client with the fixes",
}
