package report

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/driftfix/driftfix/fixers"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// sarifSchemaFile is the SARIF 2.1.0 JSON schema (see testdata/LICENSE.sarif-schema).
const sarifSchemaFile = "testdata/sarif-2.1.0-rtm.5.json"

// sarifSchema compiles the SARIF 2.1.0 schema.
func sarifSchemaOf(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(sarifSchemaFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("sarif-schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("sarif-schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

func validSARIF(t *testing.T, out []byte) error {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	return sarifSchemaOf(t).Validate(inst)
}

func TestSARIFSchema(t *testing.T) {
	for name, s := range map[string]*Scan{
		"fixture": scanFixture(t),
		"empty":   NewScan(fixers.Result{}, nil, nil),
	} {
		if err := validSARIF(t, render(t, "sarif", s, Options{Version: "v1.2.3"})); err != nil {
			t.Errorf("%s: SARIF output does not validate against the SARIF 2.1.0 schema: %v", name, err)
		}
	}
}

// TestSARIFSchemaCatchesErrors makes sure the validation is not vacuous.
func TestSARIFSchemaCatchesErrors(t *testing.T) {
	out := render(t, "sarif", scanFixture(t), Options{})
	bad := bytes.Replace(out, []byte(`"level": "warning"`), []byte(`"level": "serious"`), 1)
	if validSARIF(t, bad) == nil {
		t.Error("an invalid level passed the schema")
	}
}

// TestSARIFGitHub checks what GitHub code scanning reads.
func TestSARIFGitHub(t *testing.T) {
	out := render(t, "sarif", scanFixture(t), Options{Version: "v1.2.3", Dir: "infra"})
	var log struct {
		Schema  string `json:"$schema"`
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name, InformationURI, Version string
					Rules                         []struct {
						ID, Name, HelpURI    string
						ShortDescription     struct{ Text string }
						FullDescription      struct{ Text string }
						Help                 struct{ Text, Markdown string }
						DefaultConfiguration struct{ Level string }
						Properties           map[string]any
					}
				}
			}
			Invocations []struct {
				ExecutionSuccessful        bool
				ToolExecutionNotifications []struct {
					Level   string
					Message struct{ Text string }
				}
			}
			Results []struct {
				RuleID    string
				RuleIndex int
				Level     string
				Message   struct{ Text string }
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine, StartColumn int }
					}
				}
				PartialFingerprints map[string]string
			}
		}
	}
	if err := json.Unmarshal(out, &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || !strings.Contains(log.Schema, "sarif") || len(log.Runs) != 1 {
		t.Fatalf("header: version %q schema %q runs %d", log.Version, log.Schema, len(log.Runs))
	}
	run := log.Runs[0]
	d := run.Tool.Driver
	if d.Name != "driftfix" || d.InformationURI != RepoURL || d.Version != "v1.2.3" || len(d.Rules) != 1 {
		t.Fatalf("driver: %+v", d)
	}
	r := d.Rules[0]
	if r.ID != "aws-s3-versioning" || r.Name != "AwsS3Versioning" || r.ShortDescription.Text == "" || r.FullDescription.Text == "" ||
		r.Help.Text == "" || r.Help.Markdown == "" || r.DefaultConfiguration.Level != "warning" {
		t.Errorf("rule: %+v", r)
	}
	if r.HelpURI != RepoURL+"/blob/main/docs/rules/aws-s3-versioning.md" {
		t.Errorf("helpUri = %s", r.HelpURI)
	}
	if got := r.Properties["security-severity"]; got != "5.5" {
		t.Errorf("security-severity = %#v, want the string 5.5", got)
	}
	if tags, _ := r.Properties["tags"].([]any); len(tags) == 0 || tags[0] != "security" {
		t.Errorf("tags = %#v", r.Properties["tags"])
	}
	if len(run.Results) != 2 {
		t.Fatalf("results: %d", len(run.Results))
	}
	seen := map[string]bool{}
	for _, res := range run.Results {
		if res.RuleID != "aws-s3-versioning" || res.RuleIndex != 0 || res.Level != "warning" || res.Message.Text == "" {
			t.Errorf("result: %+v", res)
		}
		loc := res.Locations[0].PhysicalLocation
		if strings.Contains(loc.ArtifactLocation.URI, "\\") || strings.HasPrefix(loc.ArtifactLocation.URI, "/") || loc.Region.StartLine < 1 {
			t.Errorf("location: %+v", loc)
		}
		fp := res.PartialFingerprints[fingerprintKey]
		if fp == "" || seen[fp] {
			t.Errorf("fingerprint %q missing or not unique", fp)
		}
		seen[fp] = true
	}
	// relative to the scanned directory (infra), whatever the text format
	// shows; a module outside it gets ../
	if got := run.Results[0].Locations[0].PhysicalLocation; got.ArtifactLocation.URI != "../modules/store/main.tf.json" || got.Region.StartLine != 3 || got.Region.StartColumn != 5 {
		t.Errorf("first location: %+v", got)
	}
	if got := run.Results[1].Locations[0].PhysicalLocation; got.ArtifactLocation.URI != "main.tf" || got.Region.StartLine != 2 || got.Region.StartColumn != 1 {
		t.Errorf("second location: %+v", got)
	}
	inv := run.Invocations[0]
	if inv.ExecutionSuccessful || len(inv.ToolExecutionNotifications) != 3 || inv.ToolExecutionNotifications[0].Level != "error" {
		t.Errorf("invocation: %+v", inv)
	}
}

func TestSARIFLevels(t *testing.T) {
	for sev, want := range map[fixers.Severity][2]string{
		fixers.Critical: {"error", "9.5"},
		fixers.High:     {"error", "8.0"},
		fixers.Medium:   {"warning", "5.5"},
		fixers.Low:      {"note", "3.0"},
	} {
		if got := sarifLevel(sev); got != want[0] {
			t.Errorf("level(%s) = %s, want %s", sev, got, want[0])
		}
		if got := securitySeverityOf(sev); got != want[1] {
			t.Errorf("security-severity(%s) = %s, want %s", sev, got, want[1])
		}
	}
}

func TestSARIFURI(t *testing.T) {
	for in, want := range map[string]string{
		"main.tf":              "main.tf",
		`modules\x\main.tf`:    "modules/x/main.tf",
		"my dir/main.tf":       "my%20dir/main.tf",
		"a#b/[x].tf":           "a%23b/%5Bx%5D.tf",
		"../modules/x/main.tf": "../modules/x/main.tf",
	} {
		if got := uri(in); got != want {
			t.Errorf("uri(%q) = %q, want %q", in, got, want)
		}
	}
}
