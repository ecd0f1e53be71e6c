package aws

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// The SDK decodes an empty or cut-short success body of many operations
// into a zero-valued output without an error: an empty DescribeKey answer
// is a nil KeyMetadata, an empty DescribeSecurityGroups answer is no
// groups, an empty GetBucketTagging answer is no tags. A reader that
// trusted those would report a deleted resource or a removed tag. So every
// success answer is checked before the SDK decodes it (responseCheck), and
// every reader checks the fields it relies on (missingField).

// IncompleteResponseError is a success (2xx) answer that is not a complete
// document of the operation: an empty body, a truncated one, another
// document (an HTML page), or JSON or XML that does not parse. The SDK
// retries it; a read that still gets one fails.
type IncompleteResponseError struct {
	Service, Operation string
	Status             int
	Reason             string
}

func (e *IncompleteResponseError) Error() string {
	return fmt.Sprintf("%s %s answered HTTP %d with %s", e.Service, e.Operation, e.Status, e.Reason)
}

// RetryableError makes the SDK's retryer try the call again.
func (e *IncompleteResponseError) RetryableError() bool { return true }

// InvalidResponseError is an answer that parsed but lacks what every valid
// answer of the operation has (a bucket's name, a group's ID, a key's
// metadata).
type InvalidResponseError struct {
	Operation string
	Reason    string
}

func (e *InvalidResponseError) Error() string {
	return fmt.Sprintf("%s answered without %s", e.Operation, e.Reason)
}

// missingField is the error for an answer of op without field.
func missingField(op, field string) error {
	return &InvalidResponseError{Operation: op, Reason: field}
}

// s3Roots are the root elements of the S3 answers the reader decodes.
var s3Roots = map[string]string{
	"ListBuckets":          "ListAllMyBucketsResult",
	"GetBucketTagging":     "Tagging",
	"GetBucketEncryption":  "ServerSideEncryptionConfiguration",
	"GetBucketVersioning":  "VersioningConfiguration",
	"GetPublicAccessBlock": "PublicAccessBlockConfiguration",
	"GetBucketLogging":     "BucketLoggingStatus",
}

// jsonServices are the services (SDK service IDs) whose every answer is
// one JSON object (the awsJson protocols). The others answer XML.
var jsonServices = map[string]bool{"KMS": true, "Secrets Manager": true, "SSM": true, "CloudWatch Logs": true, "CloudTrail": true,
	"CloudWatch": true, // read over JSON 1.0 (see cloudwatch.go)
	"SQS":        true, "DynamoDB": true, "ECR": true, "Lambda": true, "EKS": true}

// responseCheck is a deserialize-step middleware that sits under the
// operation's deserializer: it reads a success answer whole and checks it
// is one complete document of the operation before the SDK decodes it.
type responseCheck struct{}

func (responseCheck) ID() string { return "driftfix.ResponseCheck" }

func (responseCheck) HandleDeserialize(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
	out, md, err := next.HandleDeserialize(ctx, in)
	if err != nil {
		return out, md, err
	}
	resp, ok := out.RawResponse.(*smithyhttp.Response)
	if !ok || resp.StatusCode < 200 || resp.StatusCode > 299 {
		return out, md, err
	}
	service, op := awsmiddleware.GetServiceID(ctx), awsmiddleware.GetOperationName(ctx)
	fail := func(reason string) error {
		return &IncompleteResponseError{Service: service, Operation: op, Status: resp.StatusCode, Reason: reason}
	}
	body, rerr := io.ReadAll(resp.Body)
	resp.Body.Close()
	if rerr != nil {
		return out, md, fail("a body that could not be read: " + rerr.Error())
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if reason := checkBody(service, op, body); reason != "" {
		return out, md, fail(reason)
	}
	return out, md, nil
}

// addResponseCheck puts responseCheck under the operation's deserializer.
func addResponseCheck(stack *middleware.Stack) error {
	return stack.Deserialize.Add(responseCheck{}, middleware.After)
}

// checkBody says what is wrong with a success body of op ("" when nothing).
func checkBody(service, op string, body []byte) string {
	if len(bytes.TrimSpace(body)) == 0 {
		return "an empty body"
	}
	if jsonServices[service] {
		if body = bytes.TrimSpace(body); body[0] != '{' || !json.Valid(body) {
			return "a body that is not a complete JSON object"
		}
		return ""
	}
	switch service {
	case "S3 Control": // REST XML: the output's payload element
		return checkXML(body, "PublicAccessBlockConfiguration", op+"Result", op+"Response")
	case "S3":
		// AWS names the root after the output (s3Roots); the SDK does not
		// look at its name, and other implementations (moto) name it
		// <OperationResponse>. Either is an answer; <html> is not.
		if op == "GetBucketPolicy" { // the policy document itself, JSON
			if body = bytes.TrimSpace(body); body[0] != '{' || !json.Valid(body) {
				return "a body that is not a complete JSON policy"
			}
			return ""
		}
		root, ok := s3Roots[op]
		if !ok {
			return checkXML(body)
		}
		return checkXML(body, root, op+"Response")
	case "CloudFront": // REST-XML, the root named after the output's shape
		return checkXML(body)
	default: // the Query protocols: <OperationResponse>
		return checkXML(body, op+"Response")
	}
}

// checkXML checks that body is one complete XML document whose root
// element is one of roots (any root when none is given).
func checkXML(body []byte, roots ...string) string {
	d := xml.NewDecoder(bytes.NewReader(body))
	depth, docs := 0, 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "a body that is not complete XML (" + err.Error() + ")"
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				docs++
				if docs > 1 {
					return "a body with more than one XML document"
				}
				if len(roots) > 0 && !slices.Contains(roots, t.Name.Local) {
					return fmt.Sprintf("a <%s> document, not <%s>", t.Name.Local, roots[0])
				}
			}
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			if depth == 0 && len(bytes.TrimSpace(t)) > 0 {
				return "text outside the XML document"
			}
		}
	}
	if docs == 0 {
		return "a body without an XML document"
	}
	if depth != 0 {
		return "a truncated XML document"
	}
	return ""
}
