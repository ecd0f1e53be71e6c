package awslocal

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"time"
)

// ProxyFault is one way a FaultProxy spoils a call.
type ProxyFault string

// The faults a FaultProxy injects: each is something a real network, load
// balancer or overloaded service has been seen to answer.
const (
	// FaultEmpty answers 200 with an empty body (the SDK decodes many
	// operations' empty body as a zero-valued output, with no error).
	FaultEmpty ProxyFault = "empty-200"
	// FaultTruncated forwards the call and cuts the answer's body short.
	FaultTruncated ProxyFault = "truncated"
	// FaultHTML answers 200 with an HTML page (a captive portal, a proxy's
	// error page).
	FaultHTML ProxyFault = "html-200"
	// FaultServerError answers 500 with an HTML body.
	FaultServerError ProxyFault = "500"
	// FaultThrottle answers with the service's own throttling error.
	FaultThrottle ProxyFault = "throttle"
	// FaultReset resets the connection without an answer.
	FaultReset ProxyFault = "reset"
	// FaultStall holds the call without an answer until the client gives up
	// (or ProxyOptions.StallFor has passed).
	FaultStall ProxyFault = "stall"
)

// ProxyFaults lists every fault, in a fixed order.
func ProxyFaults() []ProxyFault {
	return []ProxyFault{FaultEmpty, FaultTruncated, FaultHTML, FaultServerError, FaultThrottle, FaultReset, FaultStall}
}

// ProxyOptions configure a FaultProxy.
type ProxyOptions struct {
	// Target is the endpoint calls are forwarded to (an awslocal Server or
	// any other wire-compatible endpoint), e.g. http://127.0.0.1:4566.
	Target string
	// Rate is the share of calls that get a fault, from 0 to 1.
	Rate float64
	// Faults are the faults to choose from, each equally likely; empty
	// means all of ProxyFaults.
	Faults []ProxyFault
	// Seed seeds the dice, so that a run is repeatable for one order of
	// calls.
	Seed uint64
	// StallFor bounds a stall (default 30 s): a client without a timeout
	// gets a 504 then.
	StallFor time.Duration
	// Latency delays every call before it is forwarded (or spoiled), as a
	// distant region would.
	Latency time.Duration
	// Deny answers every call to these services (SigV4 names: "iam",
	// "s3", "ec2", "kms", "rds") with the service's own AccessDenied
	// error, as a policy without the service's actions, or a service
	// control policy, would.
	Deny []string
}

// FaultProxy is an http.Handler between an AWS SDK client and an endpoint:
// it forwards every call, and answers a share of them with a fault instead
// (see ProxyFault). It is for tests of what a reader makes of a bad answer.
type FaultProxy struct {
	opts  ProxyOptions
	proxy *httputil.ReverseProxy

	mu       sync.Mutex
	dice     *rand.Rand
	injected map[ProxyFault]int
	calls    int
}

// NewFaultProxy returns a proxy to opts.Target.
func NewFaultProxy(opts ProxyOptions) (*FaultProxy, error) {
	target, err := url.Parse(opts.Target)
	if err != nil || target.Scheme == "" || target.Host == "" {
		return nil, fmt.Errorf("fault proxy: target %q is not a URL", opts.Target)
	}
	if len(opts.Faults) == 0 {
		opts.Faults = ProxyFaults()
	}
	if opts.StallFor <= 0 {
		opts.StallFor = 30 * time.Second
	}
	p := &FaultProxy{
		opts:     opts,
		dice:     rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x5851f42d4c957f2d)),
		injected: map[ProxyFault]int{},
	}
	p.proxy = &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(target)
			r.Out.Host = r.In.Host // the signature covers the host header
		},
		// The endpoint could not be reached, or the client hung up.
		ErrorHandler: func(w http.ResponseWriter, _ *http.Request, _ error) { w.WriteHeader(http.StatusBadGateway) },
		ModifyResponse: func(resp *http.Response) error {
			if resp.Request.Header.Get(truncateHeader) == "" {
				return nil
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				return err
			}
			cut := p.cut(len(body))
			resp.Body = io.NopCloser(bytes.NewReader(body[:cut]))
			resp.ContentLength = int64(cut)
			resp.Header.Set("Content-Length", strconv.Itoa(cut))
			return nil
		},
	}
	return p, nil
}

// truncateHeader marks a forwarded call whose answer is to be cut short.
const truncateHeader = "X-Awslocal-Fault-Truncate"

// Injected counts the faults injected so far, by kind.
func (p *FaultProxy) Injected() map[ProxyFault]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make(map[ProxyFault]int, len(p.injected))
	for k, v := range p.injected {
		out[k] = v
	}
	return out
}

// Calls is the number of calls the proxy received.
func (p *FaultProxy) Calls() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.calls
}

// roll decides the fault of one call ("" for none).
func (p *FaultProxy) roll() ProxyFault {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls++
	if p.opts.Rate <= 0 || p.dice.Float64() >= p.opts.Rate {
		return ""
	}
	f := p.opts.Faults[p.dice.IntN(len(p.opts.Faults))]
	p.injected[f]++
	return f
}

// cut picks where a body of n bytes is cut: a strict prefix, possibly empty.
func (p *FaultProxy) cut(n int) int {
	if n <= 1 {
		return 0
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.dice.IntN(n)
}

func (p *FaultProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if p.opts.Latency > 0 {
		t := time.NewTimer(p.opts.Latency)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	if name, _ := credentialScope(r.Header.Get("Authorization")); slices.Contains(p.opts.Deny, name) {
		p.deny(w, r, name)
		return
	}
	f := p.roll()
	r.Header.Del(truncateHeader)
	switch f {
	case "":
		p.proxy.ServeHTTP(w, r)
	case FaultTruncated:
		r.Header.Set(truncateHeader, "1")
		p.proxy.ServeHTTP(w, r)
	case FaultEmpty:
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Length", "0")
		w.WriteHeader(http.StatusOK)
	case FaultHTML:
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, htmlPage)
	case FaultServerError:
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = io.WriteString(w, "<html><body><h1>500 Internal Server Error</h1></body></html>\n")
	case FaultThrottle:
		p.throttle(w, r)
	case FaultReset:
		reset(w)
	case FaultStall:
		// With the body read, the server notices when the client hangs up.
		_, _ = io.Copy(io.Discard, r.Body)
		t := time.NewTimer(p.opts.StallFor)
		defer t.Stop()
		select {
		case <-r.Context().Done():
		case <-t.C:
			w.WriteHeader(http.StatusGatewayTimeout)
		}
	}
}

const htmlPage = `<!DOCTYPE html>
<html><head><title>Sign in to the network</title></head>
<body><p>You must sign in before you can use this network.</p></body></html>
`

// throttle answers with the throttling error of the call's service, in its
// wire format (the service is read from the SigV4 credential scope).
func (p *FaultProxy) throttle(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	name, _ := credentialScope(r.Header.Get("Authorization"))
	svc, ok := wireFormat(name)
	if !ok {
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	c := &call{svc: svc, w: w, r: r, body: body, requestID: "00000000-0000-4000-8000-fa0170000000"}
	writeError(c, throttleError(svc.name))
}

// deny answers with the AccessDenied error of service name, in its wire
// format.
func (p *FaultProxy) deny(w http.ResponseWriter, r *http.Request, name string) {
	body, _ := io.ReadAll(r.Body)
	svc, ok := wireFormat(name)
	if !ok {
		svc = foreignFormat(name, r)
	}
	code := "AccessDenied"
	switch {
	case name == "ec2":
		code = "UnauthorizedOperation"
	case svc.protocol == json11:
		code = "AccessDeniedException"
	}
	c := &call{svc: svc, w: w, r: r, body: body, requestID: "00000000-0000-4000-8000-de0ied000000"}
	writeError(c, errorf(http.StatusForbidden, code, "User: arn:aws:iam::000000000000:user/driftfix is not authorized to perform this action"))
}

// reset closes the client's connection with a TCP reset.
func reset(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	conn.Close()
}
