package awslocal

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
)

// env is a Server behind httptest and an SDK config that points at it.
type env struct {
	srv *Server
	cfg aws.Config
}

func newEnv(t *testing.T, seed *Seed, opts Options) *env {
	t.Helper()
	// Keep the developer's own AWS files and the instance metadata
	// service out of the tests.
	dir := t.TempDir()
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")

	srv := New(seed, opts)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	cfg, err := config.LoadDefaultConfig(t.Context(),
		config.WithRegion("us-east-1"),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("AKIDLOCAL", "secret", "")),
		config.WithBaseEndpoint(ts.URL),
		config.WithRetryer(func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.MaxAttempts = 8
				o.MaxBackoff = 5 * time.Millisecond
			})
		}),
	)
	if err != nil {
		t.Fatal(err)
	}
	return &env{srv: srv, cfg: cfg}
}

func (e *env) s3(region string) *s3.Client {
	return s3.NewFromConfig(e.cfg, func(o *s3.Options) {
		o.UsePathStyle = true
		if region != "" {
			o.Region = region
		}
	})
}
func (e *env) ec2() *ec2.Client { return ec2.NewFromConfig(e.cfg) }
func (e *env) iam() *iam.Client { return iam.NewFromConfig(e.cfg) }
func (e *env) sts() *sts.Client { return sts.NewFromConfig(e.cfg) }
func (e *env) rds() *rds.Client { return rds.NewFromConfig(e.cfg) }
func (e *env) kms() *kms.Client { return kms.NewFromConfig(e.cfg) }

func testSeed(t *testing.T) *Seed {
	t.Helper()
	seed, err := LoadSeed(filepath.Join("testdata", "seed.json"))
	if err != nil {
		t.Fatal(err)
	}
	return seed
}

// errorCode is the AWS error code of err, or "" when it has none.
func errorCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := errorCode(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}

func TestLoadSeed(t *testing.T) {
	seed := testSeed(t)
	if seed.AccountID != "111122223333" || len(seed.S3Buckets) != 3 || len(seed.KMSKeys) != 4 {
		t.Fatalf("seed not read: %+v", seed)
	}
	if _, err := ParseSeed([]byte(`{"aws_s3_bucket":[{"bucket":"x","versionin":{}}]}`)); err == nil || !strings.Contains(err.Error(), "versionin") {
		t.Fatalf("misspelt key: err = %v, want an unknown-field error", err)
	}
}

func TestCredentialScope(t *testing.T) {
	svc, region := credentialScope("AWS4-HMAC-SHA256 Credential=AKID/20240101/eu-west-1/kms/aws4_request, SignedHeaders=host, Signature=abc")
	if svc != "kms" || region != "eu-west-1" {
		t.Fatalf("got %q %q", svc, region)
	}
	if svc, _ := credentialScope("Bearer x"); svc != "" {
		t.Fatalf("no scope: got %q", svc)
	}
}

func TestUnknownService(t *testing.T) {
	srv := New(nil, Options{NoAuth: true})
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest("POST", "/", strings.NewReader("Action=X")))
	if rec.Code != 400 {
		t.Fatalf("status = %d, want 400", rec.Code)
	}
}

// Unsigned requests get the service's authentication error, as from AWS;
// --no-auth (Options.NoAuth) serves them. Signed ones, by header or by a
// presigned URL, are served with any credentials.
func TestUnsignedRequestsRejected(t *testing.T) {
	seed := testSeed(t)
	kmsReq := func() *http.Request {
		r := httptest.NewRequest("POST", "/", strings.NewReader(`{}`))
		r.Header.Set("X-Amz-Target", "TrentService.ListKeys")
		r.Header.Set("Content-Type", "application/x-amz-json-1.1")
		return r
	}
	queryReq := func() *http.Request {
		r := httptest.NewRequest("POST", "/", strings.NewReader("Action=GetCallerIdentity&Version=2011-06-15"))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return r
	}
	tests := []struct {
		name     string
		req      func() *http.Request
		status   int
		contains string
	}{
		{"kms json", kmsReq, 400, `"__type":"MissingAuthenticationTokenException"`},
		{"query", queryReq, 403, "<Code>MissingAuthenticationToken</Code>"},
		{"s3 rest", func() *http.Request { return httptest.NewRequest("GET", "/app-data?tagging", nil) }, 403, "<Code>AccessDenied</Code>"},
		{"bearer token", func() *http.Request {
			r := httptest.NewRequest("GET", "/", nil)
			r.Header.Set("Authorization", "Bearer abc")
			return r
		}, 403, "<Code>AccessDenied</Code>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			New(seed, Options{}).ServeHTTP(rec, tt.req())
			if rec.Code != tt.status || !strings.Contains(rec.Body.String(), tt.contains) {
				t.Fatalf("unsigned: %d %s; want %d with %s", rec.Code, rec.Body.String(), tt.status, tt.contains)
			}
			rec = httptest.NewRecorder()
			New(seed, Options{NoAuth: true}).ServeHTTP(rec, tt.req())
			if strings.Contains(rec.Body.String(), "Authentication Token") {
				t.Fatalf("with NoAuth: %d %s", rec.Code, rec.Body.String())
			}
		})
	}

	// A presigned URL is signed.
	e := newEnv(t, seed, Options{})
	ps, err := s3.NewPresignClient(e.s3("us-east-1")).PresignHeadBucket(t.Context(), &s3.HeadBucketInput{Bucket: aws.String("app-data")})
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(ps.Method, ps.URL, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("presigned HeadBucket: %d", resp.StatusCode)
	}
}

func TestCallsCounted(t *testing.T) {
	e := newEnv(t, testSeed(t), Options{})
	ctx := t.Context()
	for range 3 {
		if _, err := e.sts().GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.ec2().DescribeVolumes(ctx, &ec2.DescribeVolumesInput{}); err != nil {
		t.Fatal(err)
	}
	calls := e.srv.Calls()
	if calls[Call{"sts", "GetCallerIdentity"}] != 3 || calls[Call{"ec2", "DescribeVolumes"}] != 1 || calls.Total() != 4 || calls.Service("sts") != 3 {
		t.Fatalf("calls = %v", calls)
	}
	e.srv.ResetCalls()
	if n := e.srv.Calls().Total(); n != 0 {
		t.Fatalf("after reset: %d calls", n)
	}
}

// Throttling on every service is retried by the SDK's standard retryer,
// and paginated results come back whole.
func TestThrottlingRetried(t *testing.T) {
	seed := testSeed(t)
	for i := range 30 {
		seed.IAMRoles = append(seed.IAMRoles, IAMRole{Name: "r" + string(rune('a'+i%26)) + strings.Repeat("x", i/26), AssumeRolePolicy: "{}"})
	}
	e := newEnv(t, seed, Options{Throttle: Fault{First: 2, Rate: 0.3}, RandSeed: 7})
	ctx := t.Context()

	var roles int
	p := iam.NewListRolesPaginator(e.iam(), &iam.ListRolesInput{MaxItems: aws.Int32(4)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		roles += len(out.Roles)
	}
	if roles != len(seed.IAMRoles) {
		t.Fatalf("roles = %d, want %d", roles, len(seed.IAMRoles))
	}
	if _, err := e.s3("").ListBuckets(ctx, &s3.ListBucketsInput{}); err != nil {
		t.Fatalf("s3: %v", err)
	}
	if _, err := e.ec2().DescribeInstances(ctx, &ec2.DescribeInstancesInput{}); err != nil {
		t.Fatalf("ec2: %v", err)
	}
	if _, err := e.rds().DescribeDBInstances(ctx, &rds.DescribeDBInstancesInput{}); err != nil {
		t.Fatalf("rds: %v", err)
	}
	if _, err := e.kms().ListKeys(ctx, &kms.ListKeysInput{}); err != nil {
		t.Fatalf("kms: %v", err)
	}
	if _, err := e.sts().GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatalf("sts: %v", err)
	}
	faults := e.srv.Faults()
	if faults.Total() < 2 {
		t.Fatalf("faults = %v, want throttled calls", faults)
	}
	if got, want := e.srv.Calls().Total(), faults.Total()+(roles+3)/4+5; got != want {
		t.Fatalf("calls = %d, want %d (every fault retried once more)", got, want)
	}
}

func TestThrottleCodes(t *testing.T) {
	e := newEnv(t, testSeed(t), Options{})
	noRetry := func(o *retry.StandardOptions) { o.MaxAttempts = 1 }
	cases := []struct {
		service string
		code    string
		call    func(ctx context.Context) error
	}{
		{"s3", "SlowDown", func(ctx context.Context) error {
			_, err := s3.NewFromConfig(e.cfg, func(o *s3.Options) {
				o.UsePathStyle = true
				o.Retryer = retry.NewStandard(noRetry)
			}).ListBuckets(ctx, &s3.ListBucketsInput{})
			return err
		}},
		{"ec2", "RequestLimitExceeded", func(ctx context.Context) error {
			_, err := ec2.NewFromConfig(e.cfg, func(o *ec2.Options) { o.Retryer = retry.NewStandard(noRetry) }).DescribeVolumes(ctx, &ec2.DescribeVolumesInput{})
			return err
		}},
		{"iam", "Throttling", func(ctx context.Context) error {
			_, err := iam.NewFromConfig(e.cfg, func(o *iam.Options) { o.Retryer = retry.NewStandard(noRetry) }).ListRoles(ctx, &iam.ListRolesInput{})
			return err
		}},
		{"rds", "Throttling", func(ctx context.Context) error {
			_, err := rds.NewFromConfig(e.cfg, func(o *rds.Options) { o.Retryer = retry.NewStandard(noRetry) }).DescribeDBInstances(ctx, &rds.DescribeDBInstancesInput{})
			return err
		}},
		{"kms", "ThrottlingException", func(ctx context.Context) error {
			_, err := kms.NewFromConfig(e.cfg, func(o *kms.Options) { o.Retryer = retry.NewStandard(noRetry) }).ListKeys(ctx, &kms.ListKeysInput{})
			return err
		}},
	}
	for _, tc := range cases {
		t.Run(tc.service, func(t *testing.T) {
			e.srv.SetThrottle(Fault{First: 1, Services: []string{tc.service}})
			err := tc.call(t.Context())
			wantCode(t, err, tc.code)
			if !retry.IsErrorThrottles(retry.DefaultThrottles).IsErrorThrottle(err).Bool() {
				t.Fatalf("%v is not a throttle to the SDK", err)
			}
			e.srv.SetServerError(Fault{First: 1, Services: []string{tc.service}})
			e.srv.SetThrottle(Fault{})
			if err := tc.call(t.Context()); !retry.IsErrorRetryables(retry.DefaultRetryables).IsErrorRetryable(err).Bool() {
				t.Fatalf("5xx %v is not retryable to the SDK", err)
			}
			e.srv.SetServerError(Fault{})
		})
	}
}

func TestServerErrorRetried(t *testing.T) {
	e := newEnv(t, testSeed(t), Options{ServerError: Fault{First: 3, Actions: []string{"DescribeKey"}}})
	out, err := e.kms().DescribeKey(t.Context(), &kms.DescribeKeyInput{KeyId: aws.String("alias/app")})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.KeyMetadata.KeyId) != "0b6f1e2c-1111-4000-8000-000000000001" {
		t.Fatalf("key = %v", aws.ToString(out.KeyMetadata.KeyId))
	}
	if n := e.srv.Calls()[Call{"kms", "DescribeKey"}]; n != 4 {
		t.Fatalf("DescribeKey calls = %d, want 4", n)
	}
}

func TestLatency(t *testing.T) {
	e := newEnv(t, nil, Options{Latency: 30 * time.Millisecond})
	start := time.Now()
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if _, err := e.sts().GetCallerIdentity(t.Context(), &sts.GetCallerIdentityInput{}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if d := time.Since(start); d < 30*time.Millisecond || d > time.Second {
		t.Fatalf("4 parallel calls with 30ms latency took %v", d)
	}
	e.srv.SetLatency(0)
	start = time.Now()
	if _, err := e.sts().GetCallerIdentity(t.Context(), &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 25*time.Millisecond {
		t.Logf("call without latency took %v", d)
	}
}

func TestSTS(t *testing.T) {
	e := newEnv(t, testSeed(t), Options{})
	out, err := e.sts().GetCallerIdentity(t.Context(), &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.Account) != "111122223333" || !strings.HasPrefix(aws.ToString(out.Arn), "arn:aws:iam::111122223333:") || !strings.HasPrefix(aws.ToString(out.UserId), "AIDA") {
		t.Fatalf("identity = %+v", out)
	}
}
