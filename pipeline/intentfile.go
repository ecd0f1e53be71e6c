package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/driftfix/driftfix/fixers"
	"github.com/driftfix/driftfix/iac"
	"github.com/driftfix/driftfix/policy"
)

// IntentFile is where `driftfix fix` leaves what its fixes meant to change,
// relative to the fixed directory, for the `driftfix plan` that follows.
const IntentFile = ".driftfix/intent.json"

type intentRecord struct {
	CreatedAt time.Time         `json:"created_at"`
	Files     map[string]string `json:"files"` // path relative to the directory → sha256 after the fix
	Intent    policy.Intent     `json:"intent"`
}

// SaveIntent records the intent of a fix run that was written to dir.
func SaveIntent(dir string, fr *fixers.FixResult, all []fixers.Rule) error {
	return saveIntent(dir, fr.Changes, IntentOf(fr, all))
}

// saveIntent records intent and the files changes wrote to dir.
func saveIntent(dir string, changes iac.ChangeSet, intent policy.Intent) error {
	rec := intentRecord{CreatedAt: time.Now().UTC(), Files: map[string]string{}, Intent: intent}
	for _, c := range changes {
		sum := sha256.Sum256(c.After)
		rec.Files[c.Path] = hex.EncodeToString(sum[:])
	}
	data, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return err
	}
	path := filepath.Join(dir, filepath.FromSlash(IntentFile))
	if err := os.MkdirAll(filepath.Dir(path), privateDirMode); err != nil {
		return err
	}
	if err := tighten(filepath.Dir(path), privateDirMode); err != nil {
		return err
	}
	return writePrivate(path, append(data, '\n'))
}

// LoadIntent returns the intent the last fix in dir recorded, when every
// file it wrote is still as it left it. Otherwise it returns nil and why.
func LoadIntent(dir string) (policy.Intent, string) {
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(IntentFile)))
	if err != nil {
		return nil, "no fix run recorded an intent"
	}
	var rec intentRecord
	if err := json.Unmarshal(data, &rec); err != nil {
		return nil, fmt.Sprintf("%s is unreadable: %v", IntentFile, err)
	}
	for p, want := range rec.Files {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			return nil, fmt.Sprintf("%s changed since the fix (%v)", p, err)
		}
		sum := sha256.Sum256(got)
		if hex.EncodeToString(sum[:]) != want {
			return nil, fmt.Sprintf("%s changed since the fix", p)
		}
	}
	return rec.Intent, ""
}
