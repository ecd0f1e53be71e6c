package priority

import (
	"fmt"
	"strings"
	"testing"

	"github.com/driftfix/driftfix/fixers"
)

// BenchmarkScorer scores a finding on every resource of a module where
// many instances share one open security group, the case where each
// finding's context is widest.
func BenchmarkScorer(b *testing.B) {
	const n = 500
	var src strings.Builder
	src.WriteString(openSG)
	var fs []fixers.Finding
	for i := range n {
		fmt.Fprintf(&src, "resource \"aws_instance\" \"i%d\" {\n  vpc_security_group_ids = [aws_security_group.web.id]\n  tags = { criticality = \"high\" }\n}\n", i)
		fs = append(fs, finding(fmt.Sprintf("aws_instance.i%d", i), fixers.High))
	}
	fs = append(fs, finding("aws_security_group.web", fixers.Critical))
	m := load(b, src.String())
	for b.Loop() {
		s := DefaultRules().Scorer(Context{Module: m, Environment: "prod"})
		if r := s.Findings(fs); r[0].Address != "aws_security_group.web" {
			b.Fatalf("first %s", r[0].Address)
		}
	}
}
