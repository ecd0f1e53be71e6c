package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
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
				AVDID         string
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
			if m.Status != "FAIL" || len(m.AVDID) < 8 || m.AVDID[:8] != "AVD-AWS-" {
				continue
			}
			f := Found{File: filepath.ToSlash(r.Target), Address: configAddress(m.CauseMetadata.Resource), ID: m.AVDID}
			if !seen[f] {
				seen[f] = true
				fs = append(fs, f)
			}
		}
	}
	sortFound(fs)
	return fs, nil
}
