package aws

import (
	"errors"
	"slices"
	"testing"

	"github.com/driftfix/driftfix/cloud"
	"github.com/driftfix/driftfix/cloud/awslocal"
)

// The fault proxy in front of moto spoils a share of the secrets and
// logging family's calls (an empty 200, a truncated body, an HTML page, a
// 500, throttling, a reset; stalls are the IAM test's): every resource
// read found has exactly the attributes of a clean read, every one
// reported missing is missing, the rest failed; a sweep of a type is
// complete or failed, never partial.
func TestLogsFamilyFaultsAgainstMoto(t *testing.T) {
	e := newMotoEstate(t, logsTypes...)
	buildLogsEstate(t, e)
	e.add("aws_ssm_parameter.gone", "/app/gone", map[string]any{"name": "/app/gone"})
	e.add("aws_cloudwatch_log_group.gone", "/app/gone", map[string]any{"name": "/app/gone"})
	clean := e.checkFaultsWith(t, 2, faultRun{seeds: 3, rate: 0.35, // the two gone
		faults: []awslocal.ProxyFault{awslocal.FaultEmpty, awslocal.FaultTruncated, awslocal.FaultHTML, awslocal.FaultServerError,
			awslocal.FaultThrottle, awslocal.FaultReset},
		mustInject: []awslocal.ProxyFault{awslocal.FaultEmpty, awslocal.FaultTruncated}})
	wantMissing := map[cloud.Ref]bool{}
	for _, m := range clean.Missing {
		wantMissing[m] = true
	}

	// Secrets Manager denied: its secrets fail, with the actions they
	// need; the other services are read as before.
	r := e.deniedReader(t, "secretsmanager")
	got, err := r.Get(t.Context(), e.refs())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range got.Found {
		if f.Type == typeSecret {
			t.Errorf("%v read from a denied service", f.Ref)
		}
	}
	for _, m := range got.Missing {
		if !wantMissing[m] {
			t.Errorf("%v reported missing (a false deletion)", m)
		}
	}
	if len(got.Failed) != 1 || got.Failed[0].Type != typeSecret || len(got.Found) != len(clean.Found)-1 {
		t.Fatalf("denied: %d found, failed %v; want only the secret failed", len(got.Found), got.Failed)
	}
	var ad *AccessDeniedError
	if !errors.As(got.Failed[0].Err, &ad) || !slices.Contains(ad.Actions, "secretsmanager:DescribeSecret") {
		t.Errorf("%v, want an AccessDeniedError naming secretsmanager:DescribeSecret", got.Failed[0].Err)
	}
	swept, err := r.List(t.Context(), r.Types())
	if err != nil {
		t.Fatal(err)
	}
	if len(swept.Failed) != 1 || swept.Failed[0].Type != typeSecret {
		t.Errorf("failed sweeps %v, want only %s's", swept.Failed, typeSecret)
	}
	for _, x := range swept.Resources {
		if x.Type == typeSecret {
			t.Errorf("%v listed from a denied service", x.Ref)
		}
	}
}
