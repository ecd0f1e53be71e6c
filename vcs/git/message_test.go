package git

import "testing"

func TestMessage(t *testing.T) {
	tests := []struct {
		name    string
		subject string
		lines   []string
		want    string
	}{
		{"subject only", "driftfix: fix prod", nil, "driftfix: fix prod\n"},
		{"subject whitespace collapsed", "  driftfix:\n fix\tprod  ", nil, "driftfix: fix prod\n"},
		{"body lines", "driftfix: fix 2 findings in prod",
			[]string{"- aws_s3_bucket.logs: s3-versioning", "- aws_instance.web: imds-v2"},
			"driftfix: fix 2 findings in prod\n\n- aws_s3_bucket.logs: s3-versioning\n- aws_instance.web: imds-v2\n"},
		{"multi-line entries and blank paragraphs kept", "s",
			[]string{"Rules:\n- a  ", "", "Drift:\n- b"},
			"s\n\nRules:\n- a\n\nDrift:\n- b\n"},
		{"blank lines at the ends dropped", "s", []string{"", "x", "", ""}, "s\n\nx\n"},
		{"only blank body", "s", []string{"", "  "}, "s\n"},
		{"hash lines kept", "s", []string{"# driftfix:ignore kept verbatim"}, "s\n\n# driftfix:ignore kept verbatim\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Message(tt.subject, tt.lines...); got != tt.want {
				t.Errorf("Message() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCleanMessage(t *testing.T) {
	tests := []struct {
		in, want string
		wantErr  bool
	}{
		{"subject", "subject\n", false},
		{"\n\nsubject  \n\nbody\t\n\n\n", "subject\n\nbody\n", false},
		{"# not a comment\n", "# not a comment\n", false},
		{"", "", true},
		{" \n\t\n", "", true},
		{"nul\x00", "", true},
	}
	for _, tt := range tests {
		got, err := cleanMessage(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("cleanMessage(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}
