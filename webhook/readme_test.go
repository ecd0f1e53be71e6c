package webhook

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/driftfix/driftfix/internal/testenv"
)

// The README's Webhooks section shows the help driftfix answers with, and
// the names it documents are the package's.
func TestREADMEDocumentsTheWebhooks(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(testenv.RepoRoot(), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	for _, want := range []string{HelpText(""), "`POST " + Path + "`", "`" + DefaultSecretEnv + "`", SignatureHeader} {
		if !strings.Contains(readme, want) {
			t.Errorf("README.md lacks %q", want)
		}
	}
}
