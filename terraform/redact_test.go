package terraform

import (
	"encoding/json"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/driftfix/driftfix/internal/testenv"
	tfjson "github.com/hashicorp/terraform-json"
)

var fixtureSecrets = []string{"fixture-not-a-secret-v1", "fixture-not-a-secret-v2"}

func loadSensitivePlan(t *testing.T) ([]byte, *tfjson.Plan) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(testenv.PlanFixtures(), "sensitive", "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	var p tfjson.Plan
	p.UseJSONNumber(true)
	if err := json.Unmarshal(raw, &p); err != nil {
		t.Fatal(err)
	}
	return raw, &p
}

func assertNoSecret(t *testing.T, where, text string) {
	t.Helper()
	for _, s := range fixtureSecrets {
		if strings.Contains(text, s) {
			t.Errorf("%s still contains %q", where, s)
		}
	}
}

func TestRedactSensitiveFixture(t *testing.T) {
	raw, plan := loadSensitivePlan(t)
	// The fixture really holds both secrets in clear, including where no
	// mask points (terraform_data output), or this test proves nothing.
	for _, s := range fixtureSecrets {
		if !strings.Contains(string(raw), s) {
			t.Fatalf("fixture does not contain %q", s)
		}
	}
	r := NewRedactor(plan)

	t.Run("Redact", func(t *testing.T) {
		out := r.Redact(string(raw))
		assertNoSecret(t, "Redact output", out)
		if !strings.Contains(out, Mask) {
			t.Errorf("no %q in output", Mask)
		}
		// Non-secret values survive.
		for _, keep := range []string{"/fx/s10/db-password", `"db_user": "app"`, "SecureString"} {
			if !strings.Contains(out, keep) {
				t.Errorf("Redact removed non-secret %q", keep)
			}
		}
	})

	t.Run("Writer", func(t *testing.T) {
		// Split the text at random points, so that secrets straddle writes.
		rng := rand.New(rand.NewSource(1))
		for round := 0; round < 20; round++ {
			var sb strings.Builder
			w := r.Writer(&sb)
			rest := raw
			for len(rest) > 0 {
				n := 1 + rng.Intn(40)
				if n > len(rest) {
					n = len(rest)
				}
				if _, err := w.Write(rest[:n]); err != nil {
					t.Fatal(err)
				}
				// Nothing emitted so far ends inside an incomplete line.
				rest = rest[n:]
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			assertNoSecret(t, "writer output", sb.String())
			if sb.String() != r.Redact(string(raw)) {
				t.Fatalf("round %d: writer output differs from Redact", round)
			}
		}
	})

	t.Run("RedactPlan", func(t *testing.T) {
		before, _ := json.Marshal(plan)
		red := RedactPlan(plan)
		b, err := json.Marshal(red)
		if err != nil {
			t.Fatal(err)
		}
		assertNoSecret(t, "RedactPlan JSON", string(b))
		after, _ := json.Marshal(plan)
		if string(before) != string(after) {
			t.Error("RedactPlan modified its input")
		}
		// Structure is kept: the changes, addresses and non-secret values.
		if len(red.ResourceChanges) != 2 {
			t.Fatalf("resource_changes: %d", len(red.ResourceChanges))
		}
		var ssm, data *tfjson.ResourceChange
		for _, rc := range red.ResourceChanges {
			switch rc.Address {
			case "aws_ssm_parameter.db_password":
				ssm = rc
			case "terraform_data.app_config":
				data = rc
			}
		}
		if ssm == nil || data == nil {
			t.Fatal("addresses lost")
		}
		// The value changed (v1 → v2): the redacted change still says so.
		if got := ssm.Change.Before.(map[string]any)["value"]; got != Mask {
			t.Errorf("ssm before.value = %v, want %q", got, Mask)
		}
		if got := ssm.Change.After.(map[string]any)["value"]; got != ChangedMask {
			t.Errorf("ssm after.value = %v, want %q", got, ChangedMask)
		}
		if got := ssm.Change.After.(map[string]any)["name"]; got != "/fx/s10/db-password" {
			t.Errorf("ssm after.name = %v", got)
		}
		in := data.Change.Before.(map[string]any)["input"].(map[string]any)
		if in["db_password"] != Mask || in["db_user"] != "app" {
			t.Errorf("terraform_data before.input = %v", in)
		}
		// The unmarked leak is caught by the text pass.
		out := data.Change.Before.(map[string]any)["output"].(map[string]any)
		if out["db_password"] != Mask || out["db_user"] != "app" {
			t.Errorf("terraform_data before.output = %v", out)
		}
		if got := red.Variables["db_password"].Value; got != Mask {
			t.Errorf("variables.db_password = %v", got)
		}
		if got := red.Variables["endpoint"].Value; got != "http://127.0.0.1:4566" {
			t.Errorf("variables.endpoint = %v", got)
		}
		if got := red.OutputChanges["db_password"].Before; got != Mask {
			t.Errorf("output_changes before = %v", got)
		}
		if got := red.Config.RootModule.Variables["db_password"].Default; got != Mask {
			t.Errorf("configuration default = %v", got)
		}
	})
}

func TestRedactorVariants(t *testing.T) {
	tests := []struct {
		name   string
		secret string
		text   string
		gone   []string // must not survive
	}{
		{"plain", "hunter22", "password: hunter22\n", []string{"hunter22"}},
		{"json escaped html", "a<b>&c-secret", `{"v":"a\u003cb\u003e\u0026c-secret"}`, []string{`a\u003cb\u003e\u0026c-secret`}},
		{"quoted", `say "hi" secret`, `value = "say \"hi\" secret"`, []string{`say \"hi\" secret`}},
		{"template escape", "x${y}-secret", `value = "x$${y}-secret"`, []string{"x$${y}-secret"}},
		{"multi-line heredoc", "-----BEGIN KEY-----\nAAAABBBBCCCC\n-----END KEY-----", "key = <<-EOT\n      -----BEGIN KEY-----\n      AAAABBBBCCCC\n      -----END KEY-----\n  EOT\n", []string{"AAAABBBBCCCC", "BEGIN KEY", "END KEY"}},
		{"json document", `{"Statement":[{"Sid":"TopSecretSid","Token":"tok-123456"}]}`, "policy = jsonencode(\n  {\n    Statement = [\n      {\n        Sid   = \"TopSecretSid\"\n        Token = \"tok-123456\"\n", []string{"TopSecretSid", "tok-123456"}},
		{"longest wins", "secret-long-value", "x secret-long-value y", []string{"secret-long-value", "-long-value"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewRedactor(nil)
			r.Add(tt.secret, "secret") // "secret" overlaps the longer one
			out := r.Redact(tt.text)
			for _, g := range tt.gone {
				if strings.Contains(out, g) {
					t.Errorf("Redact(%q) = %q, still has %q", tt.text, out, g)
				}
			}
		})
	}
}

func TestRedactorShortValues(t *testing.T) {
	r := NewRedactor(nil)
	r.Add("abc", "1", "")
	tests := []struct{ text, want string }{
		// A short secret is replaced where it stands as a whole quoted
		// string, in each quoted form Terraform prints…
		{`input = "abc"`, `input = "(sensitive)"`},
		{`{"v":"abc","n":"1"}`, `{"v":"(sensitive)","n":"(sensitive)"}`},
		{`~ output = "1" -> "2"`, `~ output = "(sensitive)" -> "2"`},
		// …and nowhere else, where it would destroy ordinary text.
		{"Plan: 1 to add, 0 to change, 0 to destroy.", "Plan: 1 to add, 0 to change, 0 to destroy."},
		{"abcdef 1abc", "abcdef 1abc"},
	}
	for _, tt := range tests {
		if got := r.Redact(tt.text); got != tt.want {
			t.Errorf("Redact(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
	// Structurally a short sensitive value is masked whatever its length.
	plan := &tfjson.Plan{
		FormatVersion: "1.2",
		ResourceChanges: []*tfjson.ResourceChange{{
			Address: "x.y", Type: "x", Name: "y",
			Change: &tfjson.Change{
				Actions:        tfjson.Actions{tfjson.ActionCreate},
				After:          map[string]any{"pin": "123", "n": json.Number("7"), "flag": true, "list": []any{"a", "top-secret-item"}},
				AfterSensitive: map[string]any{"pin": true, "n": true, "flag": true, "list": []any{false, true}},
			},
		}},
	}
	red := RedactPlan(plan)
	after := red.ResourceChanges[0].Change.After.(map[string]any)
	want := map[string]any{"pin": Mask, "n": Mask, "flag": Mask, "list": []any{"a", Mask}}
	if !reflect.DeepEqual(after, want) {
		t.Errorf("after = %#v\nwant %#v", after, want)
	}
}

// changePlan is a plan with one update of terraform_data.t.
func changePlan(before, after, beforeSens, afterSens map[string]any) *tfjson.Plan {
	return &tfjson.Plan{
		FormatVersion: "1.2",
		ResourceChanges: []*tfjson.ResourceChange{{
			Address: "terraform_data.t", Type: "terraform_data", Name: "t", Mode: tfjson.ManagedResourceMode,
			Change: &tfjson.Change{
				Actions: tfjson.Actions{tfjson.ActionUpdate},
				Before:  before, After: after, BeforeSensitive: beforeSens, AfterSensitive: afterSens,
				AfterUnknown: map[string]any{},
			},
		}},
	}
}

// Redaction is by structure: anything under a sensitive path is masked
// whole, keys included, whatever its length; a redacted change is still a
// change; the markers stay.
func TestRedactPlanStructure(t *testing.T) {
	tests := []struct {
		name               string
		plan               *tfjson.Plan
		secrets            []string // must not appear anywhere in the JSON
		before, after      map[string]any
		keepBeforeSens     any
		keepAfterSensitive any
	}{
		{
			name: "sensitive map keys change",
			plan: changePlan(
				map[string]any{"input": map[string]any{"k1": "v"}, "id": "i-1"},
				map[string]any{"input": map[string]any{"zq": "v"}, "id": "i-1"},
				map[string]any{"input": true}, map[string]any{"input": true}),
			secrets:        []string{"k1", "zq"},
			before:         map[string]any{"input": Mask, "id": "i-1"},
			after:          map[string]any{"input": ChangedMask, "id": "i-1"},
			keepBeforeSens: map[string]any{"input": true}, keepAfterSensitive: map[string]any{"input": true},
		},
		{
			name: "unchanged sensitive value stays equal",
			plan: changePlan(
				map[string]any{"input": "ab", "tag": "x"},
				map[string]any{"input": "ab", "tag": "y"},
				map[string]any{"input": true}, map[string]any{"input": true}),
			secrets:        []string{`"ab"`},
			before:         map[string]any{"input": Mask, "tag": "x"},
			after:          map[string]any{"input": Mask, "tag": "y"},
			keepBeforeSens: map[string]any{"input": true}, keepAfterSensitive: map[string]any{"input": true},
		},
		{
			name: "sensitive on one side masks both",
			plan: changePlan(
				map[string]any{"input": "pw"},
				map[string]any{"input": "pw"},
				map[string]any{}, map[string]any{"input": true}),
			secrets:        []string{`"pw"`},
			before:         map[string]any{"input": Mask},
			after:          map[string]any{"input": Mask},
			keepBeforeSens: map[string]any{}, keepAfterSensitive: map[string]any{"input": true},
		},
		{
			name: "null and empty carry nothing",
			plan: changePlan(
				map[string]any{"a": nil, "b": map[string]any{}},
				map[string]any{"a": "s3", "b": nil},
				map[string]any{"a": true, "b": true}, map[string]any{"a": true, "b": true}),
			secrets:        []string{`"s3"`},
			before:         map[string]any{"a": nil, "b": map[string]any{}},
			after:          map[string]any{"a": Mask, "b": nil},
			keepBeforeSens: map[string]any{"a": true, "b": true}, keepAfterSensitive: map[string]any{"a": true, "b": true},
		},
		{
			name: "short value leaked into an unmarked attribute",
			plan: changePlan(
				map[string]any{"input": "k9", "output": "k9"},
				map[string]any{"input": "q7", "output": "q7"},
				map[string]any{"input": true}, map[string]any{"input": true}),
			secrets:        []string{`"k9"`, `"q7"`},
			before:         map[string]any{"input": Mask, "output": Mask},
			after:          map[string]any{"input": ChangedMask, "output": ChangedMask},
			keepBeforeSens: map[string]any{"input": true}, keepAfterSensitive: map[string]any{"input": true},
		},
		{
			name: "sensitive element of a list",
			plan: changePlan(
				map[string]any{"l": []any{"a", "x1"}},
				map[string]any{"l": []any{"a", "x2", "b"}},
				map[string]any{"l": []any{false, true}}, map[string]any{"l": []any{false, true, false}}),
			secrets:        []string{`"x1"`, `"x2"`},
			before:         map[string]any{"l": []any{"a", Mask}},
			after:          map[string]any{"l": []any{"a", ChangedMask, "b"}},
			keepBeforeSens: map[string]any{"l": []any{false, true}}, keepAfterSensitive: map[string]any{"l": []any{false, true, false}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			red := RedactPlan(tt.plan)
			b, err := json.Marshal(red)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range tt.secrets {
				if strings.Contains(string(b), s) {
					t.Errorf("redacted plan holds %s:\n%s", s, b)
				}
			}
			c := red.ResourceChanges[0].Change
			if !reflect.DeepEqual(c.Before, tt.before) {
				t.Errorf("before = %#v\nwant %#v", c.Before, tt.before)
			}
			if !reflect.DeepEqual(c.After, tt.after) {
				t.Errorf("after = %#v\nwant %#v", c.After, tt.after)
			}
			if !reflect.DeepEqual(c.BeforeSensitive, tt.keepBeforeSens) || !reflect.DeepEqual(c.AfterSensitive, tt.keepAfterSensitive) {
				t.Errorf("markers changed: before_sensitive %#v, after_sensitive %#v", c.BeforeSensitive, c.AfterSensitive)
			}
		})
	}
}

// A short secret copied into an unmarked value outside any change (state,
// planned values) is masked where a value equals it; structural fields are
// never touched.
func TestRedactPlanShortLeaks(t *testing.T) {
	plan := changePlan(
		map[string]any{"input": "7", "output": "7"},
		map[string]any{"input": "7", "output": "7"},
		map[string]any{"input": true}, map[string]any{"input": true})
	plan.PlannedValues = &tfjson.StateValues{RootModule: &tfjson.StateModule{Resources: []*tfjson.StateResource{{
		Address: "terraform_data.t", Type: "terraform_data", Name: "t",
		AttributeValues: map[string]any{"input": "7", "output": "7", "count": json.Number("7")},
		SensitiveValues: json.RawMessage(`{"input":true}`),
	}}}}
	red := RedactPlan(plan)
	got := red.PlannedValues.RootModule.Resources[0].AttributeValues
	want := map[string]any{"input": Mask, "output": Mask, "count": Mask}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("planned values = %#v, want %#v", got, want)
	}
	if red.FormatVersion != "1.2" || red.ResourceChanges[0].Address != "terraform_data.t" {
		t.Errorf("structure lost: %q %q", red.FormatVersion, red.ResourceChanges[0].Address)
	}
}

func TestLineWriterLongLine(t *testing.T) {
	r := NewRedactor(nil)
	secret := "a-secret-that-spans-the-cut"
	r.Add(secret)
	var sb strings.Builder
	w := r.Writer(&sb)
	// One line far longer than the pending limit, with secrets at many
	// offsets, written in odd-sized pieces.
	line := strings.Repeat("x", maxPendingLine-5) + secret + strings.Repeat("y", 1000)
	line = strings.Repeat(line, 3)
	for i := 0; i < len(line); i += 777 {
		w.Write([]byte(line[i:min(i+777, len(line))]))
	}
	w.Flush()
	if strings.Contains(sb.String(), secret) {
		t.Error("secret survived in a long line")
	}
	if got, want := strings.Count(sb.String(), Mask), 3; got != want {
		t.Errorf("%d masks, want %d", got, want)
	}
}

func TestRedactorAddState(t *testing.T) {
	st := &tfjson.State{
		FormatVersion: "1.0",
		Values: &tfjson.StateValues{
			Outputs: map[string]*tfjson.StateOutput{
				"token": {Sensitive: true, Value: "state-output-token"},
				"plain": {Value: "visible-output"},
			},
			RootModule: &tfjson.StateModule{
				ChildModules: []*tfjson.StateModule{{
					Address: "module.db",
					Resources: []*tfjson.StateResource{{
						Address:         "module.db.x.y",
						AttributeValues: map[string]any{"password": "child-module-pass", "name": "db"},
						SensitiveValues: json.RawMessage(`{"password":true}`),
					}},
				}},
			},
		},
	}
	r := NewRedactor(nil)
	r.AddState(st)
	out := r.Redact("state-output-token child-module-pass visible-output")
	if out != Mask+" "+Mask+" visible-output" {
		t.Errorf("Redact = %q", out)
	}
}
