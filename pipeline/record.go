package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/driftfix/driftfix/policy"
	"github.com/driftfix/driftfix/terraform"
)

// Files of a project's state directory.
const (
	PlanFile           = "tfplan"
	PlanJSONFile       = "plan.json"
	PlanTextFile       = "plan.txt"
	ClassificationFile = "classification.json"
	ApprovalsFile      = "approvals.jsonl"
	LockDir            = "lock"
)

// Record is what `driftfix plan` leaves for `driftfix apply`: the
// classification and decision of one saved plan, and what it was made
// against, so that apply can refuse a plan that is stale.
type Record struct {
	Project     string    `json:"project"`
	Environment string    `json:"environment"`
	Workspace   string    `json:"workspace"`
	CreatedAt   time.Time `json:"created_at"`
	PlanSHA256  string    `json:"plan_sha256"`
	// PlanJSONSHA256 is the sha256 of the plan.json saved with the plan, so
	// that classify of that file can find the intent it was judged with.
	PlanJSONSHA256 string                 `json:"plan_json_sha256,omitempty"`
	CodeSHA256     string                 `json:"code_sha256"`
	State          terraform.StateVersion `json:"state"`
	Changes        bool                   `json:"changes"`
	Classification policy.Classification  `json:"classification"`
	Decision       policy.Decision        `json:"decision"`
	Intent         policy.Intent          `json:"intent,omitempty"`
	// Tightening is what made the policy stricter for this plan (demoted
	// classes, priority); apply judges the plan with it again.
	Tightening policy.Tightening `json:"tightening,omitzero"`
	AppliedAt  *time.Time        `json:"applied_at,omitempty"`
}

func (r *Record) planSum() ([sha256.Size]byte, error) {
	var sum [sha256.Size]byte
	b, err := hex.DecodeString(r.PlanSHA256)
	if err != nil || len(b) != sha256.Size {
		return sum, fmt.Errorf("classification record has no valid plan checksum")
	}
	copy(sum[:], b)
	return sum, nil
}

// SavedIntent returns the fix intent plan judged a saved plan.json with,
// when planJSON (the bytes of the file at path) is the plan.json of the
// classification.json beside it; nil otherwise. An intent only ever
// restricts what may auto-apply, so classify may use it: with it, classify
// of driftfix's own plan.json decides what plan decided.
func SavedIntent(path string, planJSON []byte) policy.Intent {
	rec, err := readRecord(filepath.Dir(path))
	if err != nil || rec.PlanJSONSHA256 == "" {
		return nil
	}
	sum := sha256.Sum256(planJSON)
	if hex.EncodeToString(sum[:]) != rec.PlanJSONSHA256 {
		return nil
	}
	return rec.Intent
}

func writeRecord(dir string, rec *Record) error {
	data, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return err
	}
	return writePrivate(filepath.Join(dir, ClassificationFile), append(data, '\n'))
}

func readRecord(dir string) (*Record, error) {
	data, err := os.ReadFile(filepath.Join(dir, ClassificationFile))
	if err != nil {
		if os.IsNotExist(err) {
			return nil, ErrNoPlan
		}
		return nil, err
	}
	var rec Record
	if err := json.Unmarshal(data, &rec); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, ClassificationFile), err)
	}
	return &rec, nil
}

// CodeHash hashes the Terraform configuration in dir and below (.tf,
// .tf.json, .tfvars, .tfvars.json and the dependency lock file), skipping
// .terraform and .driftfix: a plan is stale when this changes.
func CodeHash(dir string) (string, error) {
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != dir && (name == ".terraform" || name == ".driftfix" || name == ".git") {
				return filepath.SkipDir
			}
			return nil
		}
		for _, suf := range []string{".tf", ".tf.json", ".tfvars", ".tfvars.json"} {
			if strings.HasSuffix(name, suf) {
				paths = append(paths, p)
				return nil
			}
		}
		if name == ".terraform.lock.hcl" {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	sort.Strings(paths)
	h := sha256.New()
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return "", err
		}
		rel, _ := filepath.Rel(dir, p)
		fmt.Fprintf(h, "%s\x00%d\x00", filepath.ToSlash(rel), len(data))
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func appendApproval(dir string, a policy.Approval) error {
	data, err := json.Marshal(a)
	if err != nil {
		return err
	}
	f, err := openPrivateAppend(filepath.Join(dir, ApprovalsFile))
	if err != nil {
		return err
	}
	if _, err := f.Write(append(data, '\n')); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
