package awslocal

import (
	"cmp"
	"crypto/sha256"
	"encoding/base32"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// IAM: the AWS Query protocol. IAM is global: the credential scope's region
// does not matter.

type role struct {
	name, path, id, description, assumePolicy string
	maxSession                                int
	created                                   time.Time
	managed                                   []string
	inline                                    map[string]string
	tags                                      map[string]string
}

func (s *Server) loadIAM(seed *Seed) {
	for _, r := range seed.IAMRoles {
		nr := &role{
			name:         r.Name,
			path:         cmp.Or(r.Path, "/"),
			id:           uniqueID("AROA", s.account+r.Name),
			description:  r.Description,
			assumePolicy: r.AssumeRolePolicy,
			maxSession:   r.MaxSessionDuration,
			created:      time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
			managed:      append([]string(nil), r.ManagedPolicyARNs...),
			inline:       map[string]string{},
			tags:         copyTags(r.Tags),
		}
		if nr.maxSession == 0 {
			nr.maxSession = 3600
		}
		for _, p := range r.InlinePolicy {
			nr.inline[p.Name] = p.Policy
		}
		s.roles[r.Name] = nr
	}
}

// uniqueID makes an IAM-style unique ID (AROA…, AIDA…) from a seed string.
func uniqueID(prefix, seed string) string { return prefix + hashID(seed, 17) }

// hashID is n upper-case base32 characters derived from seed.
func hashID(seed string, n int) string {
	sum := sha256.Sum256([]byte(seed))
	return base32.StdEncoding.EncodeToString(sum[:])[:n]
}

// encodePolicy percent-encodes a policy document the way IAM returns it
// (RFC 3986: spaces as %20).
func encodePolicy(doc string) string {
	return strings.ReplaceAll(url.QueryEscape(doc), "+", "%20")
}

type iamTag struct {
	Key   string `xml:"Key"`
	Value string `xml:"Value"`
}

type iamRole struct {
	Path                     string   `xml:"Path"`
	RoleName                 string   `xml:"RoleName"`
	RoleID                   string   `xml:"RoleId"`
	Arn                      string   `xml:"Arn"`
	CreateDate               string   `xml:"CreateDate"`
	AssumeRolePolicyDocument string   `xml:"AssumeRolePolicyDocument"`
	Description              string   `xml:"Description,omitempty"`
	MaxSessionDuration       int      `xml:"MaxSessionDuration"`
	Tags                     []iamTag `xml:"Tags>member"`
}

func (s *Server) iamRole(r *role, withTags bool) iamRole {
	x := iamRole{
		Path:                     r.path,
		RoleName:                 r.name,
		RoleID:                   r.id,
		Arn:                      "arn:aws:iam::" + s.account + ":role" + r.path + r.name,
		CreateDate:               r.created.Format(time.RFC3339),
		AssumeRolePolicyDocument: encodePolicy(r.assumePolicy),
		Description:              r.description,
		MaxSessionDuration:       r.maxSession,
	}
	if withTags {
		for _, k := range slices.Sorted(maps.Keys(r.tags)) {
			x.Tags = append(x.Tags, iamTag{k, r.tags[k]})
		}
	}
	return x
}

// iamPage reads Marker and MaxItems (1–1000, default 100).
func iamPage[T any](c *call, items []T) ([]T, string, error) {
	size, ok := pageSize(c.form.Get("MaxItems"), 100, 1, 1000)
	if !ok {
		return nil, "", errorf(http.StatusBadRequest, "ValidationError", "1 validation error detected: Value '%s' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000", c.form.Get("MaxItems"))
	}
	page, next, err := paginate(items, c.form.Get("Marker"), size)
	if err != nil {
		return nil, "", errorf(http.StatusBadRequest, "InvalidInput", "Invalid Marker.")
	}
	return page, next, nil
}

func (s *Server) serveIAM(c *call) error {
	if iamKeyActions[c.action] {
		return s.serveIAMKeys(c)
	}
	switch c.action {
	case "ListRoles":
		prefix := cmp.Or(c.form.Get("PathPrefix"), "/")
		s.mu.Lock()
		var all []iamRole
		for _, name := range slices.Sorted(maps.Keys(s.roles)) {
			if r := s.roles[name]; strings.HasPrefix(r.path, prefix) {
				// ListRoles does not return tags, as in AWS.
				all = append(all, s.iamRole(r, false))
			}
		}
		s.mu.Unlock()
		page, next, err := iamPage(c, all)
		if err != nil {
			return err
		}
		return s.writeQuery(c, struct {
			Roles       []iamRole `xml:"Roles>member"`
			IsTruncated bool      `xml:"IsTruncated"`
			Marker      string    `xml:"Marker,omitempty"`
		}{page, next != "", next})
	}

	name := c.form.Get("RoleName")
	s.mu.Lock()
	r := s.roles[name]
	var x iamRole
	var managed, inlineNames []string
	var inline map[string]string
	if r != nil {
		x = s.iamRole(r, true)
		managed = append(managed, r.managed...)
		inlineNames = slices.Sorted(maps.Keys(r.inline))
		inline = copyTags(r.inline)
	}
	s.mu.Unlock()
	switch c.action {
	case "GetRole", "ListAttachedRolePolicies", "ListRolePolicies", "GetRolePolicy":
		if r == nil {
			return errorf(http.StatusNotFound, "NoSuchEntity", "The role with name %s cannot be found.", name)
		}
	}

	switch c.action {
	case "GetRole":
		return s.writeQuery(c, struct {
			Role iamRole `xml:"Role"`
		}{x})
	case "ListAttachedRolePolicies":
		type attached struct {
			PolicyName string `xml:"PolicyName"`
			PolicyArn  string `xml:"PolicyArn"`
		}
		var all []attached
		for _, arn := range managed {
			all = append(all, attached{arn[strings.LastIndex(arn, "/")+1:], arn})
		}
		page, next, err := iamPage(c, all)
		if err != nil {
			return err
		}
		return s.writeQuery(c, struct {
			AttachedPolicies []attached `xml:"AttachedPolicies>member"`
			IsTruncated      bool       `xml:"IsTruncated"`
			Marker           string     `xml:"Marker,omitempty"`
		}{page, next != "", next})
	case "ListRolePolicies":
		page, next, err := iamPage(c, inlineNames)
		if err != nil {
			return err
		}
		return s.writeQuery(c, struct {
			PolicyNames []string `xml:"PolicyNames>member"`
			IsTruncated bool     `xml:"IsTruncated"`
			Marker      string   `xml:"Marker,omitempty"`
		}{page, next != "", next})
	case "GetRolePolicy":
		pname := c.form.Get("PolicyName")
		doc, ok := inline[pname]
		if !ok {
			return errorf(http.StatusNotFound, "NoSuchEntity", "The role policy with name %s cannot be found.", pname)
		}
		return s.writeQuery(c, struct {
			RoleName       string `xml:"RoleName"`
			PolicyName     string `xml:"PolicyName"`
			PolicyDocument string `xml:"PolicyDocument"`
		}{name, pname, encodePolicy(doc)})
	}
	return errorf(http.StatusBadRequest, "InvalidAction", "Could not find operation %s for version 2010-05-08", c.action)
}
