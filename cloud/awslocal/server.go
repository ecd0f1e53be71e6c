// Package awslocal is a wire-compatible local AWS endpoint for tests and the
// demo. A Server is an http.Handler that speaks the real wire protocols of S3
// (REST-XML, path-style addressing), EC2 (EC2 Query), IAM, STS and RDS (AWS
// Query) and KMS (JSON 1.1), so that the real aws-sdk-go-v2 clients work
// against it unchanged once their BaseEndpoint points at it.
//
// State lives in memory and is loaded from a JSON seed (see Seed). Requests
// are routed by the service name in the SigV4 credential scope of the
// Authorization header (s3, ec2, iam, sts, rds, kms) and then by the
// operation: the Action form field for the Query protocols, X-Amz-Target for
// KMS, and the method, path and sub-resource for S3. The region in the
// credential scope selects the regional resources a call sees. A request
// must be SigV4-signed (Options.NoAuth accepts unsigned ones), with any
// credentials: signatures are not verified.
//
// Faults can be injected (Options, or SetThrottle / SetServerError /
// SetLatency while running): each service's real throttling error, 5xx errors
// and a fixed latency per call. Calls counts every request by service and
// action, so tests can measure how many API calls a reader makes.
package awslocal

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Options configures a Server.
type Options struct {
	// AccountID owns every resource. The seed's account_id wins when set;
	// the default is 123456789012.
	AccountID string
	// Region is the region of requests that carry no credential scope and of
	// seeded resources that name none. The seed's region wins when set; the
	// default is us-east-1.
	Region string
	// Latency is added to every call before it is answered.
	Latency time.Duration
	// Throttle answers matching calls with the service's throttling error
	// (EC2 RequestLimitExceeded, S3 SlowDown, IAM/STS/RDS Throttling, KMS
	// ThrottlingException).
	Throttle Fault
	// ServerError answers matching calls with the service's 5xx error.
	ServerError Fault
	// RandSeed seeds the dice of the Rate faults, so a run is repeatable.
	RandSeed uint64
	// Logger receives one debug line per call; nil discards.
	Logger *slog.Logger
	// NoAuth accepts unsigned requests. By default every request must be
	// SigV4-signed (an Authorization header or a presigned URL, with any
	// credentials: the signature is not verified), as AWS requires; an
	// unsigned one gets the service's authentication error.
	NoAuth bool
}

// Fault selects the calls that fail: the first First matching calls, then a
// Rate fraction of the rest. Services and Actions, when set, restrict the
// fault to those service names (s3, ec2, …) and operation names.
type Fault struct {
	Rate     float64
	First    int
	Services []string
	Actions  []string
}

func (f Fault) zero() bool { return f.Rate <= 0 && f.First <= 0 }

func (f Fault) matches(c Call) bool {
	if len(f.Services) > 0 && !slices.Contains(f.Services, c.Service) {
		return false
	}
	if len(f.Actions) > 0 && !slices.Contains(f.Actions, c.Action) {
		return false
	}
	return true
}

// Call names one API operation of one service.
type Call struct {
	Service string
	Action  string
}

func (c Call) String() string { return c.Service + ":" + c.Action }

// CallCounts counts calls by operation.
type CallCounts map[Call]int

// Total is the number of calls of every operation.
func (cc CallCounts) Total() int {
	n := 0
	for _, v := range cc {
		n += v
	}
	return n
}

// Service is the number of calls to one service.
func (cc CallCounts) Service(name string) int {
	n := 0
	for c, v := range cc {
		if c.Service == name {
			n += v
		}
	}
	return n
}

// Server is the local endpoint. Create it with New.
type Server struct {
	account string
	region  string
	log     *slog.Logger
	noAuth  bool
	reqSeq  atomic.Uint64

	// mu guards the resource state below.
	mu        sync.Mutex
	buckets   map[string]*bucket
	groups    map[string]*securityGroup
	instances map[string]*instance
	volumes   map[string]*volume
	roles     map[string]*role
	users     map[string]*iamUser
	// accessKeys are the IAM users' access keys, by ID.
	accessKeys map[string]*accessKey
	dbs        map[string]*dbInstance
	keys       map[string]*kmsKey
	aliases    map[string]*kmsAlias
	idSeq      uint64

	// fmu guards faults, counters and dice.
	fmu         sync.Mutex
	latency     time.Duration
	throttle    faultState
	serverError faultState
	dice        *rand.Rand
	calls       CallCounts
	injected    CallCounts
}

type faultState struct {
	Fault
	seen int
}

// hit reports whether the call c fails under this fault.
func (f *faultState) hit(c Call, dice *rand.Rand) bool {
	if f.zero() || !f.matches(c) {
		return false
	}
	f.seen++
	if f.seen <= f.First {
		return true
	}
	return f.Rate > 0 && dice.Float64() < f.Rate
}

// New returns a Server holding the seed's resources. A nil seed starts
// empty.
func New(seed *Seed, opts Options) *Server {
	if seed == nil {
		seed = &Seed{}
	}
	s := &Server{
		account:    cmp.Or(seed.AccountID, opts.AccountID, "123456789012"),
		region:     cmp.Or(seed.Region, opts.Region, "us-east-1"),
		log:        opts.Logger,
		noAuth:     opts.NoAuth,
		buckets:    map[string]*bucket{},
		groups:     map[string]*securityGroup{},
		instances:  map[string]*instance{},
		volumes:    map[string]*volume{},
		roles:      map[string]*role{},
		users:      map[string]*iamUser{},
		accessKeys: map[string]*accessKey{},
		dbs:        map[string]*dbInstance{},
		keys:       map[string]*kmsKey{},
		aliases:    map[string]*kmsAlias{},
		latency:    opts.Latency,
		throttle:   faultState{Fault: opts.Throttle},
		serverError: faultState{
			Fault: opts.ServerError,
		},
		dice:     rand.New(rand.NewPCG(opts.RandSeed, opts.RandSeed^0x9e3779b97f4a7c15)),
		calls:    CallCounts{},
		injected: CallCounts{},
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.loadS3(seed)
	s.loadEC2(seed)
	s.loadIAM(seed)
	s.loadIAMKeys(seed)
	s.loadRDS(seed)
	s.loadKMS(seed)
	return s
}

// AccountID is the account that owns every resource.
func (s *Server) AccountID() string { return s.account }

// SetLatency changes the latency added to every call.
func (s *Server) SetLatency(d time.Duration) {
	s.fmu.Lock()
	defer s.fmu.Unlock()
	s.latency = d
}

// SetThrottle replaces the throttling fault; its First count starts again.
func (s *Server) SetThrottle(f Fault) {
	s.fmu.Lock()
	defer s.fmu.Unlock()
	s.throttle = faultState{Fault: f}
}

// SetServerError replaces the 5xx fault; its First count starts again.
func (s *Server) SetServerError(f Fault) {
	s.fmu.Lock()
	defer s.fmu.Unlock()
	s.serverError = faultState{Fault: f}
}

// Calls returns a copy of the call counters: every request received,
// including those answered with an injected fault.
func (s *Server) Calls() CallCounts {
	s.fmu.Lock()
	defer s.fmu.Unlock()
	out := make(CallCounts, len(s.calls))
	for k, v := range s.calls {
		out[k] = v
	}
	return out
}

// Faults returns a copy of the counters of calls answered with an injected
// fault.
func (s *Server) Faults() CallCounts {
	s.fmu.Lock()
	defer s.fmu.Unlock()
	out := make(CallCounts, len(s.injected))
	for k, v := range s.injected {
		out[k] = v
	}
	return out
}

// ResetCalls sets the call and fault counters to zero.
func (s *Server) ResetCalls() {
	s.fmu.Lock()
	defer s.fmu.Unlock()
	s.calls = CallCounts{}
	s.injected = CallCounts{}
}

// protocol is a wire protocol family.
type protocol int

const (
	restXML protocol = iota
	ec2Query
	awsQuery
	json11
)

// service describes one AWS service the server speaks.
type service struct {
	name     string
	protocol protocol
	xmlns    string
}

var services = map[string]service{
	"s3":  {"s3", restXML, "http://s3.amazonaws.com/doc/2006-03-01/"},
	"ec2": {"ec2", ec2Query, "http://ec2.amazonaws.com/doc/2016-11-15/"},
	"iam": {"iam", awsQuery, "https://iam.amazonaws.com/doc/2010-05-08/"},
	"sts": {"sts", awsQuery, "https://sts.amazonaws.com/doc/2011-06-15/"},
	"rds": {"rds", awsQuery, "http://rds.amazonaws.com/doc/2014-10-31/"},
	"kms": {"kms", json11, ""},
}

// call is one request in flight.
type call struct {
	svc       service
	action    string
	region    string
	requestID string
	w         http.ResponseWriter
	r         *http.Request
	form      url.Values // Query protocols
	body      []byte     // KMS and S3 payloads
}

// apiError is an error answered in the service's wire format.
type apiError struct {
	status  int
	code    string
	message string
	// bucket names the bucket of an S3 error.
	bucket string
	// header is extra response headers (S3 redirects).
	header http.Header
}

func (e *apiError) Error() string { return e.code + ": " + e.message }

func errorf(status int, code, format string, args ...any) *apiError {
	return &apiError{status: status, code: code, message: fmt.Sprintf(format, args...)}
}

// ServeHTTP routes a request to its service and operation.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c := &call{w: w, r: r, requestID: s.requestID()}
	name, region, signed := signature(r)
	if !signed && !s.noAuth {
		s.unsigned(c)
		return
	}
	if name == "" && strings.HasPrefix(r.Header.Get("X-Amz-Target"), "TrentService.") {
		name = "kms"
	}
	svc, ok := services[name]
	if !ok {
		http.Error(w, "awslocal: no SigV4 credential scope names a known service (s3, ec2, iam, sts, rds, kms)", http.StatusBadRequest)
		return
	}
	c.svc = svc
	c.region = cmp.Or(region, s.region)

	body, err := io.ReadAll(r.Body)
	if err != nil {
		s.fail(c, errorf(http.StatusBadRequest, "IncompleteBody", "reading the request body: %v", err))
		return
	}
	c.body = body
	switch svc.protocol {
	case restXML:
		c.action = s3Action(r)
	case json11:
		c.action = strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "TrentService.")
	default:
		form, err := url.ParseQuery(string(body))
		if err != nil {
			s.fail(c, errorf(http.StatusBadRequest, "MalformedQueryString", "%v", err))
			return
		}
		for k, v := range r.URL.Query() {
			form[k] = append(form[k], v...)
		}
		c.form = form
		c.action = form.Get("Action")
	}

	op := Call{Service: svc.name, Action: c.action}
	latency, fault := s.admit(op)
	s.log.Debug("awslocal call", "service", op.Service, "action", op.Action, "region", c.region, "fault", fault)
	if latency > 0 {
		t := time.NewTimer(latency)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	if fault != nil {
		s.fail(c, fault)
		return
	}

	var herr error
	switch svc.name {
	case "s3":
		herr = s.serveS3(c)
	case "ec2":
		herr = s.serveEC2(c)
	case "iam":
		herr = s.serveIAM(c)
	case "sts":
		herr = s.serveSTS(c)
	case "rds":
		herr = s.serveRDS(c)
	case "kms":
		herr = s.serveKMS(c)
	}
	if herr != nil {
		ae, ok := herr.(*apiError)
		if !ok {
			ae = errorf(http.StatusInternalServerError, "InternalError", "%v", herr)
		}
		s.fail(c, ae)
	}
}

// admit counts the call and decides its latency and injected fault.
func (s *Server) admit(op Call) (time.Duration, *apiError) {
	s.fmu.Lock()
	defer s.fmu.Unlock()
	s.calls[op]++
	var fault *apiError
	switch {
	case s.throttle.hit(op, s.dice):
		fault = throttleError(op.Service)
	case s.serverError.hit(op, s.dice):
		fault = serverError(op.Service)
	}
	if fault != nil {
		s.injected[op]++
	}
	return s.latency, fault
}

func throttleError(svc string) *apiError {
	switch svc {
	case "s3":
		return errorf(http.StatusServiceUnavailable, "SlowDown", "Please reduce your request rate.")
	case "ec2":
		return errorf(http.StatusServiceUnavailable, "RequestLimitExceeded", "Request limit exceeded.")
	case "kms":
		return errorf(http.StatusBadRequest, "ThrottlingException", "Rate exceeded")
	default:
		return errorf(http.StatusBadRequest, "Throttling", "Rate exceeded")
	}
}

func serverError(svc string) *apiError {
	switch svc {
	case "s3":
		return errorf(http.StatusInternalServerError, "InternalError", "We encountered an internal error. Please try again.")
	case "ec2":
		return errorf(http.StatusInternalServerError, "InternalError", "An internal error has occurred")
	case "kms":
		return errorf(http.StatusInternalServerError, "KMSInternalException", "An internal error has occurred")
	default:
		return errorf(http.StatusInternalServerError, "InternalFailure", "The request processing has failed because of an unknown error, exception or failure.")
	}
}

func (s *Server) requestID() string {
	n := s.reqSeq.Add(1)
	return fmt.Sprintf("00000000-0000-4000-8000-%012x", n)
}

// signature reads the SigV4 signature of a request: the service and region
// of its credential scope, from the Authorization header or a presigned
// URL's X-Amz-Credential, and whether it is signed at all (the signature
// itself is not verified: any credentials will do).
func signature(r *http.Request) (svc, region string, signed bool) {
	if auth := r.Header.Get("Authorization"); auth != "" {
		svc, region = credentialScope(auth)
		return svc, region, strings.HasPrefix(auth, "AWS4-HMAC-SHA256 ") && svc != "" && strings.Contains(auth, "Signature=")
	}
	q := r.URL.Query()
	if q.Get("X-Amz-Algorithm") != "AWS4-HMAC-SHA256" || q.Get("X-Amz-Signature") == "" {
		return "", "", false
	}
	parts := strings.Split(q.Get("X-Amz-Credential"), "/")
	if len(parts) < 5 {
		return "", "", false
	}
	return parts[3], parts[2], true
}

// unsigned answers a request without a SigV4 signature as AWS does: with
// the service's authentication error, in its wire format as far as the
// request shows which service it is for.
func (s *Server) unsigned(c *call) {
	const msg = "Request is missing Authentication Token: awslocal accepts only SigV4-signed requests (any credentials); start it with --no-auth to accept unsigned ones"
	r := c.r
	switch {
	case strings.HasPrefix(r.Header.Get("X-Amz-Target"), "TrentService."):
		c.svc = services["kms"]
		writeError(c, errorf(http.StatusBadRequest, "MissingAuthenticationTokenException", msg))
	case r.Method == http.MethodPost && strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded"):
		c.svc = service{name: "sts", protocol: awsQuery, xmlns: services["sts"].xmlns}
		writeError(c, errorf(http.StatusForbidden, "MissingAuthenticationToken", msg))
	default:
		c.svc = services["s3"]
		writeError(c, errorf(http.StatusForbidden, "AccessDenied", msg))
	}
}

// credentialScope reads the service and region of a SigV4 Authorization
// header: "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/s3/aws4_request, …".
func credentialScope(auth string) (svc, region string) {
	_, rest, ok := strings.Cut(auth, "Credential=")
	if !ok {
		return "", ""
	}
	cred, _, _ := strings.Cut(rest, ",")
	parts := strings.Split(strings.TrimSpace(cred), "/")
	if len(parts) < 5 {
		return "", ""
	}
	return parts[3], parts[2]
}

// fail writes e in the wire format of c's service.
func (s *Server) fail(c *call, e *apiError) { writeError(c, e) }

// writeError writes e in the wire format of c's service.
func writeError(c *call, e *apiError) {
	w := c.w
	for k, vs := range e.header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	switch c.svc.protocol {
	case restXML:
		w.Header().Set("x-amz-request-id", c.requestID)
		w.Header().Set("x-amz-id-2", "awslocal")
		if c.r.Method == http.MethodHead {
			w.WriteHeader(e.status)
			return
		}
		type s3Error struct {
			XMLName    xml.Name `xml:"Error"`
			Code       string   `xml:"Code"`
			Message    string   `xml:"Message"`
			BucketName string   `xml:"BucketName,omitempty"`
			RequestID  string   `xml:"RequestId"`
			HostID     string   `xml:"HostId"`
		}
		writeXML(w, e.status, s3Error{Code: e.code, Message: e.message, BucketName: e.bucket, RequestID: c.requestID, HostID: "awslocal"})
	case ec2Query:
		type ec2Error struct {
			Code    string `xml:"Code"`
			Message string `xml:"Message"`
		}
		type ec2Response struct {
			XMLName   xml.Name   `xml:"Response"`
			Errors    []ec2Error `xml:"Errors>Error"`
			RequestID string     `xml:"RequestID"`
		}
		writeXML(w, e.status, ec2Response{Errors: []ec2Error{{e.code, e.message}}, RequestID: c.requestID})
	case awsQuery:
		kind := "Sender"
		if e.status >= 500 {
			kind = "Receiver"
		}
		type queryError struct {
			Type    string `xml:"Type"`
			Code    string `xml:"Code"`
			Message string `xml:"Message"`
		}
		type errorResponse struct {
			XMLName   xml.Name   `xml:"ErrorResponse"`
			Xmlns     string     `xml:"xmlns,attr"`
			Error     queryError `xml:"Error"`
			RequestID string     `xml:"RequestId"`
		}
		writeXML(w, e.status, errorResponse{Xmlns: c.svc.xmlns, Error: queryError{kind, e.code, e.message}, RequestID: c.requestID})
	case json11:
		w.Header().Set("x-amzn-RequestId", c.requestID)
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.WriteHeader(e.status)
		_ = json.NewEncoder(w).Encode(map[string]string{"__type": e.code, "message": e.message})
	}
}

// writeXML writes v as an XML document.
func writeXML(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	if err := xml.NewEncoder(&buf).Encode(v); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// innerXML marshals the fields of the struct v without a wrapping element.
func innerXML(v any) ([]byte, error) {
	if v == nil {
		return nil, nil
	}
	var buf bytes.Buffer
	if err := xml.NewEncoder(&buf).EncodeElement(v, xml.StartElement{Name: xml.Name{Local: "r"}}); err != nil {
		return nil, err
	}
	b := buf.Bytes()
	b = bytes.TrimPrefix(b, []byte("<r>"))
	b = bytes.TrimSuffix(b, []byte("</r>"))
	return b, nil
}

// writeEC2 answers an EC2 Query call: <ActionResponse><requestId/>…</ActionResponse>.
func (s *Server) writeEC2(c *call, v any) error {
	inner, err := innerXML(v)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	fmt.Fprintf(&buf, `<%sResponse xmlns="%s"><requestId>%s</requestId>`, c.action, c.svc.xmlns, c.requestID)
	buf.Write(inner)
	fmt.Fprintf(&buf, `</%sResponse>`, c.action)
	c.w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
	_, _ = c.w.Write(buf.Bytes())
	return nil
}

// writeQuery answers an AWS Query call:
// <ActionResponse><ActionResult>…</ActionResult><ResponseMetadata/></ActionResponse>.
func (s *Server) writeQuery(c *call, v any) error {
	inner, err := innerXML(v)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	fmt.Fprintf(&buf, `<%sResponse xmlns="%s">`, c.action, c.svc.xmlns)
	if v != nil {
		fmt.Fprintf(&buf, `<%sResult>`, c.action)
		buf.Write(inner)
		fmt.Fprintf(&buf, `</%sResult>`, c.action)
	}
	fmt.Fprintf(&buf, `<ResponseMetadata><RequestId>%s</RequestId></ResponseMetadata></%sResponse>`, c.requestID, c.action)
	c.w.Header().Set("Content-Type", "text/xml")
	_, _ = c.w.Write(buf.Bytes())
	return nil
}

// writeJSON answers a JSON 1.1 call.
func (s *Server) writeJSON(c *call, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	c.w.Header().Set("x-amzn-RequestId", c.requestID)
	c.w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	_, _ = c.w.Write(b)
	return nil
}

// nextID returns a fresh hex suffix for generated resource IDs.
func (s *Server) nextID() uint64 {
	s.idSeq++
	return s.idSeq
}

// errBadToken is returned by paginate for a token it did not issue.
var errBadToken = fmt.Errorf("invalid pagination token")

// paginate returns the page of items that starts at token (an offset the
// server issued) with at most size items, and the token of the next page
// ("" on the last page). size <= 0 means everything that is left.
func paginate[T any](items []T, token string, size int) ([]T, string, error) {
	start := 0
	if token != "" {
		raw, err := base64.RawURLEncoding.DecodeString(token)
		if err != nil {
			return nil, "", errBadToken
		}
		n, err := strconv.Atoi(strings.TrimPrefix(string(raw), "awslocal:"))
		if err != nil || n < 0 || n > len(items) {
			return nil, "", errBadToken
		}
		start = n
	}
	end := len(items)
	if size > 0 && start+size < end {
		end = start + size
	}
	next := ""
	if end < len(items) {
		next = base64.RawURLEncoding.EncodeToString([]byte("awslocal:" + strconv.Itoa(end)))
	}
	return items[start:end], next, nil
}

// pageSize reads a page-size parameter: def when absent, an error outside
// [lo, hi].
func pageSize(raw string, def, lo, hi int) (int, bool) {
	if raw == "" {
		return def, true
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < lo || n > hi {
		return 0, false
	}
	return n, true
}

// members reads a Query list: prefix.1, prefix.2, … up to the first gap.
func members(form url.Values, prefix string) []string {
	var out []string
	for i := 1; ; i++ {
		k := prefix + "." + strconv.Itoa(i)
		if _, ok := form[k]; !ok {
			return out
		}
		out = append(out, form.Get(k))
	}
}

const isoTime = "2006-01-02T15:04:05.000Z"

// Types are the Terraform resource types whose reads a Server answers: the
// demo's estate. Drift against a Server reads only these (driftfix.hcl's
// settings { drift_types }); every other type the AWS reader supports is
// tested against moto.
func Types() []string {
	return []string{"aws_db_instance", "aws_ebs_volume", "aws_iam_role", "aws_instance", "aws_kms_key", "aws_s3_bucket",
		"aws_s3_bucket_logging", "aws_s3_bucket_public_access_block", "aws_s3_bucket_server_side_encryption_configuration",
		"aws_s3_bucket_versioning", "aws_security_group"}
}
