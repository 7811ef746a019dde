package product

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

// RemoveFile deletes a file on the host, as the LogSync clean-up of 001 did.
// Legacy: `rm -f PATH` over a fresh connection with stdin open, trusting rm.
// Hardened: `command rm -f -- PATH` (no alias, no option injection), stdin closed,
// then checks that the file is really gone.
func (c *Client) RemoveFile(ctx context.Context, path string) error {
	if !c.hardened() {
		res, err := c.Run(ctx, "rm -f "+path)
		if err != nil {
			return err
		}
		if res.Exit != 0 {
			return fmt.Errorf("rm -f %s exited %d: %s", path, res.Exit, tail(res.Stderr))
		}
		return nil
	}
	q := shellQuote(path)
	res, err := c.Run(ctx, "command rm -f -- "+q+"; test ! -e "+q+" && test ! -L "+q)
	if err != nil {
		return fmt.Errorf("remove %s: %w", path, err)
	}
	if res.Exit != 0 {
		return fmt.Errorf("remove %s: the file is still there after rm (%s)", path, orNone(tail(res.Stderr)))
	}
	return nil
}

func orNone(s string) string {
	if s == "" {
		return "rm printed nothing"
	}
	return "rm said " + s
}

// PV is a physical volume as the product models it.
type PV struct {
	Name string
	VG   string
	Size int64
	Free int64
}

// pvFields are the columns both profiles ask pvs for, in vdsm's order.
const pvFields = "pv_name,vg_name,pv_size,pv_free"

// PVSArgs are the arguments each profile gives /sbin/pvs (legacy, hardened), as
// shell text: a container target answers exactly these from its scenario.
var PVSArgs = []string{
	"--noheadings --units b --nosuffix --separator '|' -o " + pvFields,
	"--reportformat json --units b --nosuffix -o " + pvFields,
}

// ListPhysicalVolumes lists the host's LVM physical volumes through sudo, as
// vdsm does. Legacy parses pvs' separated output strictly and dies on the first
// line that is not a volume (the 004 crash). Hardened asks for JSON, ignores
// what surrounds the report and returns those foreign lines as warnings.
func (c *Client) ListPhysicalVolumes(ctx context.Context) ([]PV, []string, error) {
	if !c.hardened() {
		res, err := c.Run(ctx, "sudo -n /sbin/pvs "+PVSArgs[0])
		if err != nil {
			return nil, nil, err
		}
		if res.Exit != 0 {
			return nil, nil, fmt.Errorf("pvs exited %d: %s", res.Exit, tail(res.Stderr))
		}
		pvs, err := parseStrict(res.Stdout)
		return pvs, nil, err
	}
	res, err := c.Run(ctx, "sudo -n /sbin/pvs "+PVSArgs[1])
	if err != nil {
		return nil, nil, fmt.Errorf("list physical volumes: %w", err)
	}
	if res.Exit != 0 {
		return nil, nil, fmt.Errorf("list physical volumes: sudo pvs exited %d: %s", res.Exit, tail(res.Stderr))
	}
	return parseJSONReport(res.Stdout)
}

// parseStrict is vdsm's parser: every line must be a volume.
func parseStrict(out string) ([]PV, error) {
	var pvs []PV
	for _, line := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		f := strings.Split(line, "|")
		if len(f) != 4 || !strings.HasPrefix(f[0], "/dev/") {
			return nil, fmt.Errorf("InvalidLine: Missing field 'pv_name' in line '%s'", line)
		}
		var size, free int64
		if _, err := fmt.Sscan(f[2], &size); err != nil {
			return nil, fmt.Errorf("InvalidLine: Bad field 'pv_size' in line '%s'", line)
		}
		if _, err := fmt.Sscan(f[3], &free); err != nil {
			return nil, fmt.Errorf("InvalidLine: Bad field 'pv_free' in line '%s'", line)
		}
		pvs = append(pvs, PV{Name: f[0], VG: f[1], Size: size, Free: free})
	}
	return pvs, nil
}

// parseJSONReport finds lvm's JSON report in out, whatever is printed around it,
// and reports those other lines.
func parseJSONReport(out string) ([]PV, []string, error) {
	var warnings, report []string
	depth := 0
	for _, line := range strings.Split(out, "\n") {
		trimmed := strings.TrimSpace(line)
		if depth == 0 && !strings.HasPrefix(trimmed, "{") {
			if trimmed != "" {
				warnings = append(warnings, fmt.Sprintf("ignored a line that is not part of the pvs report: %q", trimmed))
			}
			continue
		}
		report = append(report, line)
		depth += strings.Count(line, "{") + strings.Count(line, "[") - strings.Count(line, "}") - strings.Count(line, "]")
	}
	var doc struct {
		Report []struct {
			PV []map[string]string `json:"pv"`
		} `json:"report"`
	}
	if err := json.Unmarshal([]byte(strings.Join(report, "\n")), &doc); err != nil {
		return nil, warnings, fmt.Errorf("pvs printed no JSON report I can read (%v); its output was %q", err, tail(out))
	}
	var pvs []PV
	for _, r := range doc.Report {
		for _, m := range r.PV {
			pv := PV{Name: m["pv_name"], VG: m["vg_name"]}
			fmt.Sscan(m["pv_size"], &pv.Size)
			fmt.Sscan(m["pv_free"], &pv.Free)
			pvs = append(pvs, pv)
		}
	}
	return pvs, warnings, nil
}
