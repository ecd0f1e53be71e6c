package awslocal

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"
)

// KMS: the JSON 1.1 protocol (X-Amz-Target: TrentService.<Operation>).

type kmsKey struct {
	id, region, description, usage, spec, state, manager string
	rotation, multiRegion                                bool
	created                                              time.Time
	tags                                                 map[string]string
}

type kmsAlias struct {
	name, target, region string
	created              time.Time
}

func (s *Server) loadKMS(seed *Seed) {
	for _, k := range seed.KMSKeys {
		key := &kmsKey{
			id:          cmp.Or(k.KeyID, s.newKeyID()),
			region:      s.regionOr(k.Region),
			description: k.Description,
			usage:       cmp.Or(k.KeyUsage, "ENCRYPT_DECRYPT"),
			spec:        cmp.Or(k.CustomerMasterKeySpec, "SYMMETRIC_DEFAULT"),
			manager:     cmp.Or(k.KeyManager, "CUSTOMER"),
			rotation:    k.EnableKeyRotation,
			multiRegion: k.MultiRegion,
			created:     time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
			tags:        copyTags(k.Tags),
			state:       "Enabled",
		}
		if k.IsEnabled != nil && !*k.IsEnabled {
			key.state = "Disabled"
		}
		if k.KeyState != "" {
			key.state = k.KeyState
		}
		if key.manager == "AWS" {
			key.rotation = true // AWS rotates its managed keys every year
		}
		s.keys[key.id] = key
		for _, a := range k.Aliases {
			s.aliases[key.region+"/"+a] = &kmsAlias{name: a, target: key.id, region: key.region, created: key.created}
		}
	}
}

func (s *Server) newKeyID() string {
	n := s.nextID()
	return fmt.Sprintf("%08x-0000-4000-8000-%012x", n, n)
}

func (s *Server) keyArn(k *kmsKey) string {
	return fmt.Sprintf("arn:aws:kms:%s:%s:key/%s", k.region, s.account, k.id)
}

// findKey resolves a key ID, key ARN, alias name or alias ARN in region.
func (s *Server) findKey(region, ref string) (*kmsKey, *apiError) {
	id := ref
	if strings.HasPrefix(ref, "arn:") {
		parts := strings.SplitN(ref, ":", 6)
		if len(parts) < 6 {
			return nil, errorf(http.StatusBadRequest, "NotFoundException", "Invalid arn %s", ref)
		}
		region, id = parts[3], parts[5]
		id = strings.TrimPrefix(id, "key/")
	}
	if strings.HasPrefix(id, "alias/") {
		a := s.aliases[region+"/"+id]
		if a == nil {
			return nil, errorf(http.StatusBadRequest, "NotFoundException", "Alias arn:aws:kms:%s:%s:%s is not found.", region, s.account, id)
		}
		id = a.target
	}
	k := s.keys[id]
	if k == nil || k.region != region {
		return nil, errorf(http.StatusBadRequest, "NotFoundException", "Key 'arn:aws:kms:%s:%s:key/%s' does not exist", region, s.account, id)
	}
	return k, nil
}

type kmsKeyMetadata struct {
	AWSAccountID          string   `json:"AWSAccountId"`
	KeyID                 string   `json:"KeyId"`
	Arn                   string   `json:"Arn"`
	CreationDate          float64  `json:"CreationDate"`
	Enabled               bool     `json:"Enabled"`
	Description           string   `json:"Description"`
	KeyUsage              string   `json:"KeyUsage"`
	KeyState              string   `json:"KeyState"`
	Origin                string   `json:"Origin"`
	KeyManager            string   `json:"KeyManager"`
	CustomerMasterKeySpec string   `json:"CustomerMasterKeySpec"`
	KeySpec               string   `json:"KeySpec"`
	EncryptionAlgorithms  []string `json:"EncryptionAlgorithms,omitempty"`
	MultiRegion           bool     `json:"MultiRegion"`
	DeletionDate          *float64 `json:"DeletionDate,omitempty"`
}

func epoch(t time.Time) float64 { return float64(t.UnixMilli()) / 1000 }

// kmsPage reads Limit (1–hi, default def) and Marker.
func kmsPage[T any](items []T, marker string, limit *int, def, hi int) ([]T, string, *apiError) {
	size := def
	if limit != nil {
		if *limit < 1 || *limit > hi {
			return nil, "", errorf(http.StatusBadRequest, "ValidationException", "1 validation error detected: Value '%d' at 'limit' failed to satisfy constraint: Member must have value between 1 and %d", *limit, hi)
		}
		size = *limit
	}
	page, next, err := paginate(items, marker, size)
	if err != nil {
		return nil, "", errorf(http.StatusBadRequest, "InvalidMarkerException", "Invalid marker")
	}
	return page, next, nil
}

func (s *Server) serveKMS(c *call) error {
	var in struct {
		KeyID  string `json:"KeyId"`
		Limit  *int   `json:"Limit"`
		Marker string `json:"Marker"`
	}
	if len(c.body) > 0 {
		if err := json.Unmarshal(c.body, &in); err != nil {
			return errorf(http.StatusBadRequest, "SerializationException", "%v", err)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()

	switch c.action {
	case "ListKeys":
		type entry struct {
			KeyID  string `json:"KeyId"`
			KeyArn string `json:"KeyArn"`
		}
		var all []entry
		for _, id := range slices.Sorted(maps.Keys(s.keys)) {
			if k := s.keys[id]; k.region == c.region {
				all = append(all, entry{k.id, s.keyArn(k)})
			}
		}
		page, next, aerr := kmsPage(all, in.Marker, in.Limit, 100, 1000)
		if aerr != nil {
			return aerr
		}
		return s.writeJSON(c, paged("Keys", nonNil(page), next))
	case "ListAliases":
		type entry struct {
			AliasName       string  `json:"AliasName"`
			AliasArn        string  `json:"AliasArn"`
			TargetKeyID     string  `json:"TargetKeyId,omitempty"`
			CreationDate    float64 `json:"CreationDate"`
			LastUpdatedDate float64 `json:"LastUpdatedDate"`
		}
		var target string
		if in.KeyID != "" {
			k, aerr := s.findKey(c.region, in.KeyID)
			if aerr != nil {
				return aerr
			}
			target = k.id
		}
		var all []entry
		for _, name := range slices.Sorted(maps.Keys(s.aliases)) {
			a := s.aliases[name]
			if a.region != c.region || (target != "" && a.target != target) {
				continue
			}
			all = append(all, entry{a.name, fmt.Sprintf("arn:aws:kms:%s:%s:%s", a.region, s.account, a.name), a.target, epoch(a.created), epoch(a.created)})
		}
		page, next, aerr := kmsPage(all, in.Marker, in.Limit, 50, 100)
		if aerr != nil {
			return aerr
		}
		return s.writeJSON(c, paged("Aliases", nonNil(page), next))
	}

	k, aerr := s.findKey(c.region, in.KeyID)
	if aerr != nil {
		return aerr
	}
	switch c.action {
	case "DescribeKey":
		md := kmsKeyMetadata{
			AWSAccountID:          s.account,
			KeyID:                 k.id,
			Arn:                   s.keyArn(k),
			CreationDate:          epoch(k.created),
			Enabled:               k.state == "Enabled",
			Description:           k.description,
			KeyUsage:              k.usage,
			KeyState:              k.state,
			Origin:                "AWS_KMS",
			KeyManager:            k.manager,
			CustomerMasterKeySpec: k.spec,
			KeySpec:               k.spec,
			MultiRegion:           k.multiRegion,
		}
		if k.spec == "SYMMETRIC_DEFAULT" {
			md.EncryptionAlgorithms = []string{"SYMMETRIC_DEFAULT"}
		}
		if k.state == "PendingDeletion" {
			d := epoch(k.created.Add(30 * 24 * time.Hour))
			md.DeletionDate = &d
		}
		return s.writeJSON(c, map[string]any{"KeyMetadata": md})
	case "GetKeyRotationStatus", "EnableKeyRotation":
		switch {
		case k.state == "PendingDeletion" || (k.state == "Disabled" && c.action == "EnableKeyRotation"):
			return errorf(http.StatusBadRequest, "KMSInvalidStateException", "%s is %s.", s.keyArn(k), strings.ToLower(k.state))
		case k.spec != "SYMMETRIC_DEFAULT":
			return errorf(http.StatusBadRequest, "UnsupportedOperationException", "%s key rotation is not supported for asymmetric or HMAC keys.", s.keyArn(k))
		case k.manager == "AWS" && c.action == "EnableKeyRotation":
			return errorf(http.StatusBadRequest, "AccessDeniedException", "%s is an AWS managed key; its rotation cannot be changed.", s.keyArn(k))
		}
		if c.action == "EnableKeyRotation" {
			k.rotation = true
			return s.writeJSON(c, struct{}{})
		}
		out := map[string]any{"KeyRotationEnabled": k.rotation, "KeyId": s.keyArn(k)}
		if k.rotation {
			out["RotationPeriodInDays"] = 365
		}
		return s.writeJSON(c, out)
	case "GetKeyPolicy":
		// Every key has the default key policy: the account may use it
		// through IAM.
		policy := fmt.Sprintf(`{"Version":"2012-10-17","Id":"key-default-1","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow",`+
			`"Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"kms:*","Resource":"*"}]}`, s.account)
		return s.writeJSON(c, map[string]any{"Policy": policy, "PolicyName": "default"})
	case "ListResourceTags":
		type tag struct {
			TagKey   string `json:"TagKey"`
			TagValue string `json:"TagValue"`
		}
		var all []tag
		for _, key := range slices.Sorted(maps.Keys(k.tags)) {
			all = append(all, tag{key, k.tags[key]})
		}
		page, next, aerr := kmsPage(all, in.Marker, in.Limit, 50, 50)
		if aerr != nil {
			return aerr
		}
		return s.writeJSON(c, paged("Tags", nonNil(page), next))
	}
	return errorf(http.StatusBadRequest, "UnknownOperationException", "Unknown operation %s", c.action)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// paged is a KMS list response: the items under key, Truncated and, when
// truncated, NextMarker.
func paged(key string, items any, next string) map[string]any {
	out := map[string]any{key: items, "Truncated": next != ""}
	if next != "" {
		out["NextMarker"] = next
	}
	return out
}
