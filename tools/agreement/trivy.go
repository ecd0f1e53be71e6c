package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
)

// runTrivy scans dir with the trivy binary (misconfiguration scanning of
// Terraform only, the checks built into the binary, no network) and returns
// its failed AWS checks.
func runTrivy(bin, dir string) ([]Found, error) {
	cmd := exec.Command(bin, "config", "--quiet", "--format", "json", "--skip-check-update", "--misconfig-scanners", "terraform", dir)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("trivy config %s: %v: %s", dir, err, stderr.String())
	}
	var rep struct {
		Results []struct {
			Target            string
			Misconfigurations []struct {
				ID            string // AWS-0178 (trivy 0.6x and later)
				AVDID         string // AVD-AWS-0178 (older trivy)
				Status        string
				CauseMetadata struct {
					Resource string
				}
			}
		}
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		return nil, fmt.Errorf("trivy output: %w", err)
	}
	seen := map[Found]bool{}
	var fs []Found
	for _, r := range rep.Results {
		for _, m := range r.Misconfigurations {
			id := m.AVDID
			if id == "" {
				id = "AVD-" + m.ID
			}
			if m.Status != "FAIL" || !strings.HasPrefix(id, "AVD-AWS-") {
				continue
			}
			f := Found{File: filepath.ToSlash(r.Target), Address: configAddress(m.CauseMetadata.Resource), ID: id}
			if !seen[f] {
				seen[f] = true
				fs = append(fs, f)
			}
		}
	}
	sortFound(fs)
	return fs, nil
}
