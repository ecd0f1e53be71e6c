package awslocal

import (
	"net/http"
	"slices"
	"strings"
)

// proxyOnly are the wire formats of services the FaultProxy spoils calls
// to (throttling, AccessDenied) but the Server does not serve: the proxy
// stands in front of other endpoints (moto) for them.
var proxyOnly = map[string]service{
	// Secrets Manager, SSM, CloudWatch Logs, CloudTrail (AWS JSON 1.1) and
	// CloudWatch (read with AWS JSON 1.0, whose errors have the same form).
	"secretsmanager": {"secretsmanager", json11, ""},
	"ssm":            {"ssm", json11, ""},
	"logs":           {"logs", json11, ""},
	"cloudtrail":     {"cloudtrail", json11, ""},
	"monitoring":     {"monitoring", json11, ""},
}

// wireFormat is the wire format of the service with SigV4 name name.
func wireFormat(name string) (service, bool) {
	if svc, ok := services[name]; ok {
		return svc, true
	}
	svc, ok := proxyOnly[name]
	return svc, ok
}

// restJSON are the services awslocal does not serve whose errors are JSON
// by their protocol (REST-JSON), whatever the request's content type.
var restJSON = []string{"lambda", "eks"}

// foreignFormat is the error format of a service neither the Server nor
// proxyOnly knows (one moto serves behind the proxy): JSON (the
// __type of REST-JSON and awsJson alike) for restJSON or a JSON request,
// else the XML ErrorResponse of the Query and REST-XML protocols.
func foreignFormat(name string, r *http.Request) service {
	if slices.Contains(restJSON, name) || strings.Contains(r.Header.Get("Content-Type"), "json") {
		return service{name, json11, ""}
	}
	return service{name, awsQuery, ""}
}
