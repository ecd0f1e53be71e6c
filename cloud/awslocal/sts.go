package awslocal

import "net/http"

// STS: the AWS Query protocol.

func (s *Server) serveSTS(c *call) error {
	switch c.action {
	case "GetCallerIdentity":
		return s.writeQuery(c, struct {
			Arn     string `xml:"Arn"`
			UserID  string `xml:"UserId"`
			Account string `xml:"Account"`
		}{"arn:aws:iam::" + s.account + ":user/awslocal", uniqueID("AIDA", s.account+"awslocal"), s.account})
	case "GetAccessKeyInfo":
		id := c.form.Get("AccessKeyId")
		if !accessKeyIDRE.MatchString(id) {
			return errorf(http.StatusBadRequest, "ValidationError", "1 validation error detected: Value '%s' at 'accessKeyId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w]+", id)
		}
		return s.writeQuery(c, struct {
			Account string `xml:"Account"`
		}{s.accessKeyAccount(id)})
	}
	return errorf(http.StatusBadRequest, "InvalidAction", "Could not find operation %s for version 2011-06-15", c.action)
}
