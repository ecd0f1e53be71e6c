package awslocal

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
