package awslocal

import (
	"encoding/xml"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"
)

// S3: REST-XML with path-style addressing (/bucket?subresource).

type bucket struct {
	name       string
	region     string
	created    time.Time
	tags       map[string]string
	sse        *SSEConfiguration
	versioning VersioningConfig
	pab        *PublicAccessBlock
	logging    *BucketLoggingEnabled
}

func (s *Server) loadS3(seed *Seed) {
	for _, b := range seed.S3Buckets {
		created := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
		if t, err := time.Parse(time.RFC3339, b.CreationDate); err == nil {
			created = t
		}
		nb := &bucket{
			name:    b.Bucket,
			region:  s.regionOr(b.Region),
			created: created,
			tags:    copyTags(b.Tags),
			pab:     b.PublicAccessBlock,
			logging: b.Logging,
		}
		if b.ServerSideEncryptionConfiguration != nil {
			sse := *b.ServerSideEncryptionConfiguration
			nb.sse = &sse
		}
		if b.VersioningConfiguration != nil {
			nb.versioning = *b.VersioningConfiguration
		}
		s.buckets[b.Bucket] = nb
	}
}

// s3 sub-resources the server knows, in the order they are looked for.
var s3SubResources = []struct{ query, name string }{
	{"encryption", "BucketEncryption"},
	{"versioning", "BucketVersioning"},
	{"publicAccessBlock", "PublicAccessBlock"},
	{"tagging", "BucketTagging"},
	{"logging", "BucketLogging"},
	{"location", "BucketLocation"},
}

// s3Action names the S3 operation of a path-style request.
func s3Action(r *http.Request) string {
	name, rest := splitS3Path(r.URL.Path)
	if name == "" {
		if r.Method == http.MethodGet {
			return "ListBuckets"
		}
		return "Unsupported"
	}
	if rest != "" {
		return "Unsupported" // object operations
	}
	q := r.URL.Query()
	verb := map[string]string{http.MethodGet: "Get", http.MethodPut: "Put", http.MethodDelete: "Delete"}[r.Method]
	for _, sr := range s3SubResources {
		if _, ok := q[sr.query]; ok {
			if verb == "" || (sr.query == "location" && verb != "Get") {
				return "Unsupported"
			}
			return verb + sr.name
		}
	}
	switch r.Method {
	case http.MethodHead:
		return "HeadBucket"
	case http.MethodPut:
		return "CreateBucket"
	case http.MethodDelete:
		return "DeleteBucket"
	case http.MethodGet:
		return "ListObjects"
	}
	return "Unsupported"
}

func splitS3Path(p string) (bucket, key string) {
	p = strings.TrimPrefix(p, "/")
	bucket, key, _ = strings.Cut(p, "/")
	return bucket, key
}

type s3Tag struct {
	Key   string `xml:"Key"`
	Value string `xml:"Value"`
}

type s3Tagging struct {
	XMLName xml.Name `xml:"Tagging"`
	Xmlns   string   `xml:"xmlns,attr,omitempty"`
	TagSet  []s3Tag  `xml:"TagSet>Tag"`
}

type s3SSEConfig struct {
	XMLName xml.Name    `xml:"ServerSideEncryptionConfiguration"`
	Xmlns   string      `xml:"xmlns,attr,omitempty"`
	Rules   []s3SSERule `xml:"Rule"`
}

type s3SSERule struct {
	Default          *s3SSEDefault `xml:"ApplyServerSideEncryptionByDefault,omitempty"`
	BucketKeyEnabled *bool         `xml:"BucketKeyEnabled,omitempty"`
}

type s3SSEDefault struct {
	SSEAlgorithm   string `xml:"SSEAlgorithm"`
	KMSMasterKeyID string `xml:"KMSMasterKeyID,omitempty"`
}

type s3Versioning struct {
	XMLName   xml.Name `xml:"VersioningConfiguration"`
	Xmlns     string   `xml:"xmlns,attr,omitempty"`
	Status    string   `xml:"Status,omitempty"`
	MfaDelete string   `xml:"MfaDelete,omitempty"`
}

type s3PAB struct {
	XMLName               xml.Name `xml:"PublicAccessBlockConfiguration"`
	Xmlns                 string   `xml:"xmlns,attr,omitempty"`
	BlockPublicAcls       bool     `xml:"BlockPublicAcls"`
	IgnorePublicAcls      bool     `xml:"IgnorePublicAcls"`
	BlockPublicPolicy     bool     `xml:"BlockPublicPolicy"`
	RestrictPublicBuckets bool     `xml:"RestrictPublicBuckets"`
}

type s3Logging struct {
	XMLName        xml.Name `xml:"BucketLoggingStatus"`
	Xmlns          string   `xml:"xmlns,attr,omitempty"`
	LoggingEnabled *struct {
		TargetBucket string `xml:"TargetBucket"`
		TargetPrefix string `xml:"TargetPrefix"`
	} `xml:"LoggingEnabled,omitempty"`
}

type s3CreateBucketConfiguration struct {
	LocationConstraint string `xml:"LocationConstraint"`
}

func noSuchBucket(name string) *apiError {
	e := errorf(http.StatusNotFound, "NoSuchBucket", "The specified bucket does not exist")
	e.bucket = name
	return e
}

func (s *Server) serveS3(c *call) error {
	name, _ := splitS3Path(c.r.URL.Path)
	switch c.action {
	case "ListBuckets":
		return s.s3ListBuckets(c)
	case "CreateBucket":
		return s.s3CreateBucket(c, name)
	case "Unsupported", "ListObjects":
		return errorf(http.StatusNotImplemented, "NotImplemented", "A header or query you provided implies functionality that is not implemented by awslocal")
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.buckets[name]
	if !ok {
		return noSuchBucket(name)
	}
	// A bucket answers only in its own region, as the regional endpoints do.
	if b.region != c.region {
		e := errorf(http.StatusMovedPermanently, "PermanentRedirect", "The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.")
		e.bucket = name
		e.header = http.Header{"X-Amz-Bucket-Region": {b.region}}
		return e
	}
	h := c.w.Header()
	h.Set("x-amz-request-id", c.requestID)
	ns := c.svc.xmlns
	switch c.action {
	case "HeadBucket":
		h.Set("x-amz-bucket-region", b.region)
		h.Set("x-amz-access-point-alias", "false")
		c.w.WriteHeader(http.StatusOK)
		return nil
	case "DeleteBucket":
		delete(s.buckets, name)
		c.w.WriteHeader(http.StatusNoContent)
		return nil
	case "GetBucketLocation":
		loc := b.region
		if loc == "us-east-1" {
			loc = ""
		}
		writeXML(c.w, http.StatusOK, struct {
			XMLName xml.Name `xml:"LocationConstraint"`
			Xmlns   string   `xml:"xmlns,attr"`
			Value   string   `xml:",chardata"`
		}{Xmlns: ns, Value: loc})
		return nil

	case "GetBucketEncryption":
		if b.sse == nil {
			e := errorf(http.StatusNotFound, "ServerSideEncryptionConfigurationNotFoundError", "The server side encryption configuration was not found")
			e.bucket = name
			return e
		}
		out := s3SSEConfig{Xmlns: ns}
		for _, r := range b.sse.Rule {
			rule := s3SSERule{}
			if d := r.ApplyServerSideEncryptionByDefault; d != nil {
				rule.Default = &s3SSEDefault{SSEAlgorithm: d.SSEAlgorithm, KMSMasterKeyID: d.KMSMasterKeyID}
			}
			bke := r.BucketKeyEnabled
			rule.BucketKeyEnabled = &bke
			out.Rules = append(out.Rules, rule)
		}
		writeXML(c.w, http.StatusOK, out)
		return nil
	case "PutBucketEncryption":
		var in s3SSEConfig
		if err := xml.Unmarshal(c.body, &in); err != nil || len(in.Rules) == 0 {
			return errorf(http.StatusBadRequest, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema")
		}
		cfg := &SSEConfiguration{}
		for _, r := range in.Rules {
			rule := SSERule{}
			if r.Default != nil {
				rule.ApplyServerSideEncryptionByDefault = &SSEByDefault{SSEAlgorithm: r.Default.SSEAlgorithm, KMSMasterKeyID: r.Default.KMSMasterKeyID}
			}
			if r.BucketKeyEnabled != nil {
				rule.BucketKeyEnabled = *r.BucketKeyEnabled
			}
			cfg.Rule = append(cfg.Rule, rule)
		}
		b.sse = cfg
		c.w.WriteHeader(http.StatusOK)
		return nil
	case "DeleteBucketEncryption":
		b.sse = nil
		c.w.WriteHeader(http.StatusNoContent)
		return nil

	case "GetBucketVersioning":
		writeXML(c.w, http.StatusOK, s3Versioning{Xmlns: ns, Status: b.versioning.Status, MfaDelete: b.versioning.MFADelete})
		return nil
	case "PutBucketVersioning":
		var in s3Versioning
		if err := xml.Unmarshal(c.body, &in); err != nil || (in.Status != "Enabled" && in.Status != "Suspended") {
			return errorf(http.StatusBadRequest, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema")
		}
		b.versioning.Status = in.Status
		if in.MfaDelete != "" {
			b.versioning.MFADelete = in.MfaDelete
		}
		c.w.WriteHeader(http.StatusOK)
		return nil

	case "GetPublicAccessBlock":
		if b.pab == nil {
			e := errorf(http.StatusNotFound, "NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found")
			e.bucket = name
			return e
		}
		p := b.pab
		writeXML(c.w, http.StatusOK, s3PAB{Xmlns: ns, BlockPublicAcls: p.BlockPublicAcls, IgnorePublicAcls: p.IgnorePublicAcls, BlockPublicPolicy: p.BlockPublicPolicy, RestrictPublicBuckets: p.RestrictPublicBuckets})
		return nil
	case "PutPublicAccessBlock":
		var in s3PAB
		if err := xml.Unmarshal(c.body, &in); err != nil {
			return errorf(http.StatusBadRequest, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema")
		}
		b.pab = &PublicAccessBlock{BlockPublicAcls: in.BlockPublicAcls, IgnorePublicAcls: in.IgnorePublicAcls, BlockPublicPolicy: in.BlockPublicPolicy, RestrictPublicBuckets: in.RestrictPublicBuckets}
		c.w.WriteHeader(http.StatusOK)
		return nil
	case "DeletePublicAccessBlock":
		b.pab = nil
		c.w.WriteHeader(http.StatusNoContent)
		return nil

	case "GetBucketTagging":
		if len(b.tags) == 0 {
			e := errorf(http.StatusNotFound, "NoSuchTagSet", "The TagSet does not exist")
			e.bucket = name
			return e
		}
		out := s3Tagging{Xmlns: ns}
		for _, k := range slices.Sorted(maps.Keys(b.tags)) {
			out.TagSet = append(out.TagSet, s3Tag{k, b.tags[k]})
		}
		writeXML(c.w, http.StatusOK, out)
		return nil
	case "PutBucketTagging":
		var in s3Tagging
		if err := xml.Unmarshal(c.body, &in); err != nil {
			return errorf(http.StatusBadRequest, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema")
		}
		tags := map[string]string{}
		for _, t := range in.TagSet {
			if _, dup := tags[t.Key]; dup {
				return errorf(http.StatusBadRequest, "InvalidTag", "Cannot provide multiple Tags with the same key")
			}
			tags[t.Key] = t.Value
		}
		b.tags = tags
		c.w.WriteHeader(http.StatusNoContent)
		return nil
	case "DeleteBucketTagging":
		b.tags = map[string]string{}
		c.w.WriteHeader(http.StatusNoContent)
		return nil

	case "GetBucketLogging":
		out := s3Logging{Xmlns: ns}
		if b.logging != nil {
			out.LoggingEnabled = &struct {
				TargetBucket string `xml:"TargetBucket"`
				TargetPrefix string `xml:"TargetPrefix"`
			}{b.logging.TargetBucket, b.logging.TargetPrefix}
		}
		writeXML(c.w, http.StatusOK, out)
		return nil
	case "PutBucketLogging":
		var in s3Logging
		if err := xml.Unmarshal(c.body, &in); err != nil {
			return errorf(http.StatusBadRequest, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema")
		}
		b.logging = nil
		if in.LoggingEnabled != nil {
			b.logging = &BucketLoggingEnabled{TargetBucket: in.LoggingEnabled.TargetBucket, TargetPrefix: in.LoggingEnabled.TargetPrefix}
		}
		c.w.WriteHeader(http.StatusOK)
		return nil
	}
	return errorf(http.StatusNotImplemented, "NotImplemented", "%s is not implemented by awslocal", c.action)
}

func (s *Server) s3CreateBucket(c *call, name string) error {
	region := c.region
	if len(strings.TrimSpace(string(c.body))) > 0 {
		var in s3CreateBucketConfiguration
		if err := xml.Unmarshal(c.body, &in); err != nil {
			return errorf(http.StatusBadRequest, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema")
		}
		if in.LocationConstraint != "" {
			region = in.LocationConstraint
		}
	}
	if len(name) < 3 || len(name) > 63 || strings.ToLower(name) != name {
		e := errorf(http.StatusBadRequest, "InvalidBucketName", "The specified bucket is not valid.")
		e.bucket = name
		return e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.buckets[name]; ok {
		e := errorf(http.StatusConflict, "BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it.")
		e.bucket = name
		return e
	}
	s.buckets[name] = &bucket{name: name, region: region, created: time.Now().UTC(), tags: map[string]string{}}
	c.w.Header().Set("Location", "/"+name)
	c.w.Header().Set("x-amz-request-id", c.requestID)
	c.w.WriteHeader(http.StatusOK)
	return nil
}

func (s *Server) s3ListBuckets(c *call) error {
	q := c.r.URL.Query()
	size, ok := pageSize(q.Get("max-buckets"), 10000, 1, 10000)
	if !ok {
		return errorf(http.StatusBadRequest, "InvalidArgument", "max-buckets must be between 1 and 10000")
	}
	prefix, region := q.Get("prefix"), q.Get("bucket-region")

	s.mu.Lock()
	var list []*bucket
	for _, k := range slices.Sorted(maps.Keys(s.buckets)) {
		b := s.buckets[k]
		if strings.HasPrefix(b.name, prefix) && (region == "" || b.region == region) {
			list = append(list, b)
		}
	}
	s.mu.Unlock()

	page, next, err := paginate(list, q.Get("continuation-token"), size)
	if err != nil {
		return errorf(http.StatusBadRequest, "InvalidArgument", "The continuation token provided is incorrect")
	}
	type xmlBucket struct {
		Name         string `xml:"Name"`
		CreationDate string `xml:"CreationDate"`
		BucketRegion string `xml:"BucketRegion"`
		BucketArn    string `xml:"BucketArn"`
	}
	out := struct {
		XMLName xml.Name `xml:"ListAllMyBucketsResult"`
		Xmlns   string   `xml:"xmlns,attr"`
		Owner   struct {
			ID          string `xml:"ID"`
			DisplayName string `xml:"DisplayName"`
		} `xml:"Owner"`
		Buckets           []xmlBucket `xml:"Buckets>Bucket"`
		ContinuationToken string      `xml:"ContinuationToken,omitempty"`
		Prefix            string      `xml:"Prefix,omitempty"`
	}{Xmlns: c.svc.xmlns, ContinuationToken: next, Prefix: prefix}
	out.Owner.ID = "awslocal-" + s.account
	out.Owner.DisplayName = "awslocal"
	for _, b := range page {
		out.Buckets = append(out.Buckets, xmlBucket{b.name, b.created.Format(isoTime), b.region, "arn:aws:s3:::" + b.name})
	}
	c.w.Header().Set("x-amz-request-id", c.requestID)
	writeXML(c.w, http.StatusOK, out)
	return nil
}
