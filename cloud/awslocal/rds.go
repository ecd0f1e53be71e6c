package awslocal

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// RDS: the AWS Query protocol.

type dbInstance struct {
	DBInstance
	created time.Time
}

func (s *Server) loadRDS(seed *Seed) {
	for _, d := range seed.DBInstances {
		db := &dbInstance{DBInstance: d, created: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
		db.Region = s.regionOr(d.Region)
		db.Tags = copyTags(d.Tags)
		if db.ResourceID == "" {
			db.ResourceID = "db-" + hashID(s.account+d.Identifier, 26)
		}
		if db.AllocatedStorage == 0 {
			db.AllocatedStorage = 20
		}
		s.dbs[d.Identifier] = db
	}
}

func (s *Server) dbArn(d *dbInstance) string {
	return fmt.Sprintf("arn:aws:rds:%s:%s:db:%s", d.Region, s.account, d.Identifier)
}

type rdsTag struct {
	Key   string `xml:"Key"`
	Value string `xml:"Value"`
}

type rdsDBInstance struct {
	DBInstanceIdentifier  string   `xml:"DBInstanceIdentifier"`
	DBInstanceArn         string   `xml:"DBInstanceArn"`
	DBInstanceClass       string   `xml:"DBInstanceClass"`
	Engine                string   `xml:"Engine"`
	EngineVersion         string   `xml:"EngineVersion,omitempty"`
	DBInstanceStatus      string   `xml:"DBInstanceStatus"`
	AllocatedStorage      int      `xml:"AllocatedStorage"`
	InstanceCreateTime    string   `xml:"InstanceCreateTime"`
	BackupRetentionPeriod int      `xml:"BackupRetentionPeriod"`
	MultiAZ               bool     `xml:"MultiAZ"`
	PubliclyAccessible    bool     `xml:"PubliclyAccessible"`
	StorageEncrypted      bool     `xml:"StorageEncrypted"`
	KmsKeyID              string   `xml:"KmsKeyId,omitempty"`
	DbiResourceID         string   `xml:"DbiResourceId"`
	DeletionProtection    bool     `xml:"DeletionProtection"`
	TagList               []rdsTag `xml:"TagList>Tag"`
}

func (s *Server) rdsInstance(d *dbInstance) rdsDBInstance {
	x := rdsDBInstance{
		DBInstanceIdentifier:  d.Identifier,
		DBInstanceArn:         s.dbArn(d),
		DBInstanceClass:       d.InstanceClass,
		Engine:                d.Engine,
		EngineVersion:         d.EngineVersion,
		DBInstanceStatus:      "available",
		AllocatedStorage:      d.AllocatedStorage,
		InstanceCreateTime:    d.created.Format(isoTime),
		BackupRetentionPeriod: d.BackupRetentionPeriod,
		MultiAZ:               d.MultiAZ,
		PubliclyAccessible:    d.PubliclyAccessible,
		StorageEncrypted:      d.StorageEncrypted,
		KmsKeyID:              d.KMSKeyID,
		DbiResourceID:         d.ResourceID,
		DeletionProtection:    d.DeletionProtection,
	}
	for _, k := range slices.Sorted(maps.Keys(d.Tags)) {
		x.TagList = append(x.TagList, rdsTag{k, d.Tags[k]})
	}
	return x
}

// rdsFilters reads Filters.Filter.N.Name / Filters.Filter.N.Values.Value.M.
func rdsFilters(form url.Values) map[string][]string {
	out := map[string][]string{}
	for i := 1; ; i++ {
		pre := "Filters.Filter." + strconv.Itoa(i)
		name, ok := form[pre+".Name"]
		if !ok {
			return out
		}
		out[name[0]] = append(out[name[0]], members(form, pre+".Values.Value")...)
	}
}

func dbNotFound(id string) *apiError {
	return errorf(http.StatusNotFound, "DBInstanceNotFound", "DBInstance %s not found.", id)
}

func (s *Server) serveRDS(c *call) error {
	switch c.action {
	case "DescribeDBInstances":
		return s.rdsDescribeDBInstances(c)
	case "ModifyDBInstance":
		return s.rdsModifyDBInstance(c)
	}
	return errorf(http.StatusBadRequest, "InvalidAction", "Could not find operation %s for version 2014-10-31", c.action)
}

func (s *Server) rdsDescribeDBInstances(c *call) error {
	size, ok := pageSize(c.form.Get("MaxRecords"), 100, 20, 100)
	if !ok {
		return errorf(http.StatusBadRequest, "InvalidParameterValue", "Invalid value %s for MaxRecords. Must be between 20 and 100", c.form.Get("MaxRecords"))
	}
	id := c.form.Get("DBInstanceIdentifier")
	filters := rdsFilters(c.form)

	s.mu.Lock()
	var list []rdsDBInstance
	if id != "" {
		d := s.dbs[id]
		if d == nil || d.Region != c.region {
			s.mu.Unlock()
			return dbNotFound(id)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(s.dbs)) {
		d := s.dbs[k]
		if d.Region != c.region || (id != "" && id != d.Identifier) {
			continue
		}
		keep := true
		for name, want := range filters {
			var have []string
			switch name {
			case "db-instance-id":
				have = []string{d.Identifier, s.dbArn(d)}
			case "dbi-resource-id":
				have = []string{d.ResourceID}
			case "engine":
				have = []string{d.Engine}
			default:
				s.mu.Unlock()
				return errorf(http.StatusBadRequest, "InvalidParameterValue", "Unrecognized filter name: %s.", name)
			}
			if !slices.ContainsFunc(want, func(w string) bool { return slices.Contains(have, w) }) {
				keep = false
			}
		}
		if keep {
			list = append(list, s.rdsInstance(d))
		}
	}
	s.mu.Unlock()

	page, next, err := paginate(list, c.form.Get("Marker"), size)
	if err != nil {
		return errorf(http.StatusBadRequest, "InvalidParameterValue", "Invalid marker")
	}
	return s.writeQuery(c, struct {
		DBInstances []rdsDBInstance `xml:"DBInstances>DBInstance"`
		Marker      string          `xml:"Marker,omitempty"`
	}{page, next})
}

func (s *Server) rdsModifyDBInstance(c *call) error {
	f := c.form
	id := f.Get("DBInstanceIdentifier")
	boolParam := func(name string, into *bool) *apiError {
		if raw := f.Get(name); raw != "" {
			v, err := strconv.ParseBool(raw)
			if err != nil {
				return errorf(http.StatusBadRequest, "InvalidParameterValue", "Invalid value %s for %s", raw, name)
			}
			*into = v
		}
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.dbs[id]
	if d == nil || d.Region != c.region {
		return dbNotFound(id)
	}
	next := d.DBInstance
	if raw := f.Get("BackupRetentionPeriod"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 0 || n > 35 {
			return errorf(http.StatusBadRequest, "InvalidParameterValue", "Invalid value %s for BackupRetentionPeriod. Must be between 0 and 35", raw)
		}
		next.BackupRetentionPeriod = n
	}
	for _, e := range []*apiError{
		boolParam("DeletionProtection", &next.DeletionProtection),
		boolParam("PubliclyAccessible", &next.PubliclyAccessible),
		boolParam("MultiAZ", &next.MultiAZ),
	} {
		if e != nil {
			return e
		}
	}
	if v := f.Get("DBInstanceClass"); v != "" {
		if !strings.HasPrefix(v, "db.") {
			return errorf(http.StatusBadRequest, "InvalidParameterValue", "Invalid DB Instance class: %s", v)
		}
		next.InstanceClass = v
	}
	if v := f.Get("EngineVersion"); v != "" {
		next.EngineVersion = v
	}
	// Changes apply at once here; AWS applies some only in the next
	// maintenance window unless ApplyImmediately is set.
	d.DBInstance = next
	return s.writeQuery(c, struct {
		DBInstance rdsDBInstance `xml:"DBInstance"`
	}{s.rdsInstance(d)})
}
