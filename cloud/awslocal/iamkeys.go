package awslocal

import (
	"cmp"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"
)

// IAM users and their access keys, and STS GetAccessKeyInfo: what driftfix
// needs to look up a leaked access key (who owns it, when it was last
// used) and to set it Inactive. DeleteAccessKey is not served: driftfix
// never deletes a key.

type iamUser struct {
	name, path, id string
	created        time.Time
	tags           map[string]string
}

type accessKey struct {
	id, user, status, secret string
	created                  time.Time
	lastUsed                 time.Time // zero: never used
	lastService, lastRegion  string
}

// accessKeyIDRE is the shape of an access key ID: AKIA (long-term) or ASIA
// (temporary) and 16 upper-case letters and digits.
var accessKeyIDRE = regexp.MustCompile(`^(AKIA|ASIA)[A-Z0-9]{16}$`)

// maxKeysPerUser is IAM's quota of access keys per user.
const maxKeysPerUser = 2

func (s *Server) loadIAMKeys(seed *Seed) {
	for _, u := range seed.IAMUsers {
		s.users[u.Name] = &iamUser{name: u.Name, path: cmp.Or(u.Path, "/"), id: uniqueID("AIDA", s.account+u.Name),
			created: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), tags: copyTags(u.Tags)}
	}
	for _, k := range seed.IAMAccessKeys {
		ak := &accessKey{id: k.ID, user: k.User, status: cmp.Or(k.Status, "Active"), secret: secretFor(k.ID),
			created: time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC), lastService: k.LastUsedService, lastRegion: k.LastUsedRegion}
		if t, err := time.Parse(time.RFC3339, k.CreateDate); err == nil {
			ak.created = t
		}
		if t, err := time.Parse(time.RFC3339, k.LastUsedDate); err == nil {
			ak.lastUsed = t
		}
		s.accessKeys[k.ID] = ak
	}
}

// secretFor makes a key's secret from its ID: 40 characters, never a real
// credential.
func secretFor(id string) string {
	sum := sha256.Sum256([]byte("awslocal-secret:" + id))
	return base64.StdEncoding.EncodeToString(sum[:])[:40]
}

type iamUserXML struct {
	Path       string   `xml:"Path"`
	UserName   string   `xml:"UserName"`
	UserID     string   `xml:"UserId"`
	Arn        string   `xml:"Arn"`
	CreateDate string   `xml:"CreateDate"`
	Tags       []iamTag `xml:"Tags>member"`
}

func (s *Server) userXML(u *iamUser) iamUserXML {
	x := iamUserXML{Path: u.path, UserName: u.name, UserID: u.id, Arn: "arn:aws:iam::" + s.account + ":user" + u.path + u.name,
		CreateDate: u.created.Format(time.RFC3339)}
	for _, k := range slices.Sorted(maps.Keys(u.tags)) {
		x.Tags = append(x.Tags, iamTag{k, u.tags[k]})
	}
	return x
}

type accessKeyMetadata struct {
	UserName    string `xml:"UserName"`
	AccessKeyID string `xml:"AccessKeyId"`
	Status      string `xml:"Status"`
	CreateDate  string `xml:"CreateDate"`
}

// iamKeyActions are the operations serveIAMKeys answers.
var iamKeyActions = map[string]bool{"CreateUser": true, "GetUser": true, "CreateAccessKey": true, "ListAccessKeys": true,
	"GetAccessKeyLastUsed": true, "UpdateAccessKey": true}

// serveIAMKeys answers the user and access-key operations.
func (s *Server) serveIAMKeys(c *call) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch c.action {
	case "CreateUser":
		name := c.form.Get("UserName")
		if name == "" {
			return errorf(http.StatusBadRequest, "ValidationError", "1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must not be null")
		}
		if s.users[name] != nil {
			return errorf(http.StatusConflict, "EntityAlreadyExists", "User with name %s already exists.", name)
		}
		s.idSeq++
		u := &iamUser{name: name, path: cmp.Or(c.form.Get("Path"), "/"), id: uniqueID("AIDA", s.account+name), created: time.Now().UTC().Truncate(time.Second), tags: map[string]string{}}
		s.users[name] = u
		return s.writeQuery(c, struct {
			User iamUserXML `xml:"User"`
		}{s.userXML(u)})
	case "GetUser":
		u := s.users[c.form.Get("UserName")]
		if u == nil {
			return errorf(http.StatusNotFound, "NoSuchEntity", "The user with name %s cannot be found.", c.form.Get("UserName"))
		}
		return s.writeQuery(c, struct {
			User iamUserXML `xml:"User"`
		}{s.userXML(u)})
	case "CreateAccessKey":
		name := cmp.Or(c.form.Get("UserName"), "awslocal")
		if s.users[name] == nil {
			return errorf(http.StatusNotFound, "NoSuchEntity", "The user with name %s cannot be found.", name)
		}
		if len(s.keysOf(name)) >= maxKeysPerUser {
			return errorf(http.StatusConflict, "LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: %d", maxKeysPerUser)
		}
		s.idSeq++
		id := "AKIA" + hashID(fmt.Sprintf("%s/%s/%d", s.account, name, s.idSeq), 16)
		k := &accessKey{id: id, user: name, status: "Active", secret: secretFor(id), created: time.Now().UTC().Truncate(time.Second)}
		s.accessKeys[id] = k
		return s.writeQuery(c, struct {
			AccessKey struct {
				UserName        string `xml:"UserName"`
				AccessKeyID     string `xml:"AccessKeyId"`
				Status          string `xml:"Status"`
				SecretAccessKey string `xml:"SecretAccessKey"`
				CreateDate      string `xml:"CreateDate"`
			} `xml:"AccessKey"`
		}{struct {
			UserName        string `xml:"UserName"`
			AccessKeyID     string `xml:"AccessKeyId"`
			Status          string `xml:"Status"`
			SecretAccessKey string `xml:"SecretAccessKey"`
			CreateDate      string `xml:"CreateDate"`
		}{name, id, k.status, k.secret, k.created.Format(time.RFC3339)}})
	case "ListAccessKeys":
		name := cmp.Or(c.form.Get("UserName"), "awslocal")
		if s.users[name] == nil {
			return errorf(http.StatusNotFound, "NoSuchEntity", "The user with name %s cannot be found.", name)
		}
		var all []accessKeyMetadata
		for _, k := range s.keysOf(name) {
			all = append(all, accessKeyMetadata{k.user, k.id, k.status, k.created.Format(time.RFC3339)})
		}
		page, next, err := iamPage(c, all)
		if err != nil {
			return err
		}
		return s.writeQuery(c, struct {
			UserName          string              `xml:"UserName"`
			AccessKeyMetadata []accessKeyMetadata `xml:"AccessKeyMetadata>member"`
			IsTruncated       bool                `xml:"IsTruncated"`
			Marker            string              `xml:"Marker,omitempty"`
		}{name, page, next != "", next})
	case "GetAccessKeyLastUsed":
		id := c.form.Get("AccessKeyId")
		k := s.accessKeys[id]
		if k == nil {
			return errorf(http.StatusNotFound, "NoSuchEntity", "The Access Key with id %s cannot be found", id)
		}
		type lastUsed struct {
			LastUsedDate string `xml:"LastUsedDate,omitempty"`
			ServiceName  string `xml:"ServiceName"`
			Region       string `xml:"Region"`
		}
		lu := lastUsed{ServiceName: "N/A", Region: "N/A"}
		if !k.lastUsed.IsZero() {
			lu = lastUsed{k.lastUsed.Format(time.RFC3339), cmp.Or(k.lastService, "N/A"), cmp.Or(k.lastRegion, "N/A")}
		}
		return s.writeQuery(c, struct {
			UserName          string   `xml:"UserName"`
			AccessKeyLastUsed lastUsed `xml:"AccessKeyLastUsed"`
		}{k.user, lu})
	case "UpdateAccessKey":
		id, status := c.form.Get("AccessKeyId"), c.form.Get("Status")
		if status != "Active" && status != "Inactive" {
			return errorf(http.StatusBadRequest, "ValidationError", "1 validation error detected: Value '%s' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]", status)
		}
		k := s.accessKeys[id]
		if user := c.form.Get("UserName"); k == nil || user != "" && user != k.user {
			return errorf(http.StatusNotFound, "NoSuchEntity", "The Access Key with id %s cannot be found", id)
		}
		k.status = status
		return s.writeQuery(c, nil)
	}
	return errorf(http.StatusBadRequest, "InvalidAction", "Could not find operation %s for version 2010-05-08", c.action)
}

// keysOf returns a user's access keys, oldest first.
func (s *Server) keysOf(user string) []*accessKey {
	var out []*accessKey
	for _, id := range slices.Sorted(maps.Keys(s.accessKeys)) {
		if k := s.accessKeys[id]; k.user == user {
			out = append(out, k)
		}
	}
	slices.SortStableFunc(out, func(a, b *accessKey) int { return a.created.Compare(b.created) })
	return out
}

// accessKeyAccount is the account GetAccessKeyInfo names: this server's
// for a key it holds, else another one derived from the key ID (AWS reads
// the account from the key ID, whoever asks).
func (s *Server) accessKeyAccount(id string) string {
	s.mu.Lock()
	_, ours := s.accessKeys[id]
	s.mu.Unlock()
	if ours {
		return s.account
	}
	sum := sha256.Sum256([]byte(id))
	var b strings.Builder
	for _, c := range sum[:12] {
		b.WriteByte('0' + c%10)
	}
	if acct := b.String(); acct != s.account {
		return acct
	}
	return "999999999999"
}
