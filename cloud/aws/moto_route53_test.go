package aws

import (
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"
)

// Route 53 zones and records against moto. State as provider v5 writes
// it: the zone's id without /hostedzone/ and its name without the
// trailing dot; record ids ZONEID_NAME_TYPE with NAME as written, here
// once relative to the zone ("www") and once fully qualified, and
// ZONEID_NAME_TYPE_SETIDENTIFIER for a weighted record. No drift on the
// untouched estate (the zone's own NS and SOA records are Route 53's,
// never unmanaged; the records of an unmanaged zone are not reported on
// their own); a record's values changed by hand, a zone's comment and
// tags changed are changes; a record added by hand is unmanaged; a
// deleted record is deleted.
func TestRoute53DriftAgainstMoto(t *testing.T) {
	e := newMotoEstate(t, typeRoute53Zone, typeRoute53Record)
	ctx := t.Context()
	s := awssdk.String
	c := route53.NewFromConfig(e.cfg)
	zone := func(name, comment string) string {
		out := mustDo[*route53.CreateHostedZoneOutput](t, "CreateHostedZone "+name)(c.CreateHostedZone(ctx, &route53.CreateHostedZoneInput{
			Name: s(name), CallerReference: s(name), HostedZoneConfig: &r53types.HostedZoneConfig{Comment: s(comment)}}))
		return zoneID(awssdk.ToString(out.HostedZone.Id))
	}
	change := func(zone string, action r53types.ChangeAction, set r53types.ResourceRecordSet) {
		ok(t, "ChangeResourceRecordSets")(c.ChangeResourceRecordSets(ctx, &route53.ChangeResourceRecordSetsInput{HostedZoneId: s(zone),
			ChangeBatch: &r53types.ChangeBatch{Changes: []r53types.Change{{Action: action, ResourceRecordSet: &set}}}}))
	}
	record := func(name string, typ r53types.RRType, setID string, weight int64, values ...string) r53types.ResourceRecordSet {
		set := r53types.ResourceRecordSet{Name: s(name), Type: typ, TTL: awssdk.Int64(300)}
		for _, v := range values {
			set.ResourceRecords = append(set.ResourceRecords, r53types.ResourceRecord{Value: s(v)})
		}
		if setID != "" {
			set.SetIdentifier, set.Weight = s(setID), awssdk.Int64(weight)
		}
		return set
	}
	app := zone("example.com.", "app")
	stray := zone("stray.example.", "stray")
	ok(t, "ChangeTagsForResource")(c.ChangeTagsForResource(ctx, &route53.ChangeTagsForResourceInput{ResourceId: s(app),
		ResourceType: r53types.TagResourceTypeHostedzone, AddTags: []r53types.Tag{{Key: s("team"), Value: s("dns")}}}))
	change(app, r53types.ChangeActionCreate, record("www.example.com.", r53types.RRTypeA, "", 0, "192.0.2.1", "192.0.2.2"))
	change(app, r53types.ChangeActionCreate, record("example.com.", r53types.RRTypeTxt, "", 0, `"v=spf1 -all"`))
	change(app, r53types.ChangeActionCreate, record("api.example.com.", r53types.RRTypeCname, "blue", 10, "blue.example.net"))
	change(stray, r53types.ChangeActionCreate, record("x.stray.example.", r53types.RRTypeA, "", 0, "192.0.2.9"))

	e.add("aws_route53_zone.app", app, map[string]any{"zone_id": app, "name": "example.com", "comment": "app", "vpc": []any{},
		"tags": map[string]any{"team": "dns"}, "force_destroy": false})
	// NAME relative to the zone, as written.
	e.add("aws_route53_record.www", app+"_www_A", map[string]any{"zone_id": app, "name": "www", "fqdn": "www.example.com", "type": "A",
		"ttl": 300.0, "records": []any{"192.0.2.2", "192.0.2.1"}, "set_identifier": "", "alias": []any{}})
	e.add("aws_route53_record.spf", app+"_example.com_TXT", map[string]any{"zone_id": app, "name": "example.com", "fqdn": "example.com",
		"type": "TXT", "ttl": 300.0, "records": []any{"v=spf1 -all"}, "set_identifier": "", "alias": []any{}})
	e.add("aws_route53_record.api", app+"_api.example.com_CNAME_blue", map[string]any{"zone_id": app, "name": "api.example.com",
		"fqdn": "api.example.com", "type": "CNAME", "ttl": 300.0, "records": []any{"blue.example.net"}, "set_identifier": "blue"})

	e.expect("right after creation", "unmanaged aws_route53_zone "+stray)
	e.checkActions()

	change(app, r53types.ChangeActionUpsert, record("www.example.com.", r53types.RRTypeA, "", 0, "198.51.100.7"))
	change(app, r53types.ChangeActionCreate, record("mail.example.com.", r53types.RRTypeMx, "", 0, "10 mx.example.net"))
	change(app, r53types.ChangeActionDelete, record("api.example.com.", r53types.RRTypeCname, "blue", 10, "blue.example.net"))
	ok(t, "UpdateHostedZoneComment")(c.UpdateHostedZoneComment(ctx, &route53.UpdateHostedZoneCommentInput{Id: s(app), Comment: s("by hand")}))
	e.expect("after the changes",
		"changed aws_route53_record aws_route53_record.www records[0]=<nil> records[0]=198.51.100.7 records[1]=<nil>",
		"changed aws_route53_zone aws_route53_zone.app comment=by hand",
		"deleted aws_route53_record aws_route53_record.api",
		"unmanaged aws_route53_record "+app+"_mail.example.com_MX",
		"unmanaged aws_route53_zone "+stray,
	)
}
