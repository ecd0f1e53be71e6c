package aws

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// IAM access keys: what driftfix needs to act on a leaked one. Who owns it
// (STS GetAccessKeyInfo names the account, IAM GetAccessKeyLastUsed the
// user), whether it is active and when it was last used, and setting it
// Inactive (UpdateAccessKey). Nothing here deletes a key. A key ID never
// appears in an error: AWS's messages repeat it, so they are masked.

// AccessKey is what AWS says about one access key ID.
type AccessKey struct {
	// Account owns the key; Caller is the account driftfix runs in. Only a
	// key of the caller's account can be looked up further or changed.
	Account, Caller string
	// Found is false when the caller's account has no such key (it was
	// deleted, or never was).
	Found bool
	// User is the IAM user the key belongs to.
	User string
	// Status is Active or Inactive.
	Status  string
	Created time.Time
	// LastUsed is when the key was last used (zero: never), with which
	// service in which region.
	LastUsed                time.Time
	LastService, LastRegion string
}

// InCallerAccount reports whether the key belongs to the account driftfix
// runs in.
func (k AccessKey) InCallerAccount() bool { return k.Account != "" && k.Account == k.Caller }

// iamKeysAPI is what looking up and deactivating keys calls on IAM.
type iamKeysAPI interface {
	GetAccessKeyLastUsed(context.Context, *iam.GetAccessKeyLastUsedInput, ...func(*iam.Options)) (*iam.GetAccessKeyLastUsedOutput, error)
	ListAccessKeys(context.Context, *iam.ListAccessKeysInput, ...func(*iam.Options)) (*iam.ListAccessKeysOutput, error)
	UpdateAccessKey(context.Context, *iam.UpdateAccessKeyInput, ...func(*iam.Options)) (*iam.UpdateAccessKeyOutput, error)
}

type stsAPI interface {
	GetCallerIdentity(context.Context, *sts.GetCallerIdentityInput, ...func(*sts.Options)) (*sts.GetCallerIdentityOutput, error)
	GetAccessKeyInfo(context.Context, *sts.GetAccessKeyInfoInput, ...func(*sts.Options)) (*sts.GetAccessKeyInfoOutput, error)
}

// iamKeys is the reader's IAM client (one per service: one adaptive rate
// limiter for every IAM call).
func (r *Reader) iamKeys() iamKeysAPI { return iamReader{r}.client() }

func (r *Reader) sts() stsAPI {
	return client(r, "sts", r.regions[0], func(cfg awssdk.Config) stsAPI { return sts.NewFromConfig(cfg) })
}

// CallerAccount is the account of the credentials driftfix runs with.
func (r *Reader) CallerAccount(ctx context.Context) (string, error) {
	var out *sts.GetCallerIdentityOutput
	err := r.call(ctx, "sts", func() (err error) {
		out, err = r.sts().GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		return err
	})
	if err != nil {
		return "", fmt.Errorf("STS GetCallerIdentity: %w", err)
	}
	if acct := awssdk.ToString(out.Account); acct != "" {
		return acct, nil
	}
	return "", errors.New("STS GetCallerIdentity answered without an account")
}

// AccessKey looks an access key ID up: its account (STS), and, in the
// caller's account, its user, status and last use (IAM).
func (r *Reader) AccessKey(ctx context.Context, id string) (AccessKey, error) {
	var k AccessKey
	caller, err := r.CallerAccount(ctx)
	if err != nil {
		return k, err
	}
	k.Caller = caller
	var info *sts.GetAccessKeyInfoOutput
	err = r.call(ctx, "sts", func() (err error) {
		info, err = r.sts().GetAccessKeyInfo(ctx, &sts.GetAccessKeyInfoInput{AccessKeyId: awssdk.String(id)})
		return err
	})
	if err != nil {
		return k, maskKey(fmt.Errorf("STS GetAccessKeyInfo: %w", err), id)
	}
	if k.Account = awssdk.ToString(info.Account); k.Account == "" {
		return k, errors.New("STS GetAccessKeyInfo answered without an account")
	}
	if !k.InCallerAccount() {
		return k, nil
	}
	var used *iam.GetAccessKeyLastUsedOutput
	err = r.call(ctx, "iam", func() (err error) {
		used, err = r.iamKeys().GetAccessKeyLastUsed(ctx, &iam.GetAccessKeyLastUsedInput{AccessKeyId: awssdk.String(id)})
		return err
	})
	var nse *iamtypes.NoSuchEntityException
	switch {
	case errors.As(err, &nse):
		return k, nil // not (any more) in the account
	case err != nil:
		return k, maskKey(fmt.Errorf("IAM GetAccessKeyLastUsed: %w", err), id)
	}
	if k.User = awssdk.ToString(used.UserName); k.User == "" {
		return k, errors.New("IAM GetAccessKeyLastUsed answered without a user name")
	}
	if lu := used.AccessKeyLastUsed; lu != nil && lu.LastUsedDate != nil {
		k.LastUsed = lu.LastUsedDate.UTC()
		k.LastService, k.LastRegion = awssdk.ToString(lu.ServiceName), awssdk.ToString(lu.Region)
	}
	meta, err := r.keyMetadata(ctx, k.User, id)
	if err != nil {
		return k, err
	}
	if meta == nil {
		return k, nil // gone between the two calls
	}
	k.Found = true
	k.Status = string(meta.Status)
	if meta.CreateDate != nil {
		k.Created = meta.CreateDate.UTC()
	}
	return k, nil
}

// keyMetadata finds key id among user's keys (every page); nil when the
// user has no such key.
func (r *Reader) keyMetadata(ctx context.Context, user, id string) (*iamtypes.AccessKeyMetadata, error) {
	p := iam.NewListAccessKeysPaginator(r.iamKeys(), &iam.ListAccessKeysInput{UserName: awssdk.String(user), MaxItems: awssdk.Int32(iamMaxItems)})
	for p.HasMorePages() {
		var out *iam.ListAccessKeysOutput
		err := r.call(ctx, "iam", func() (err error) {
			out, err = p.NextPage(ctx)
			return err
		})
		if err != nil {
			return nil, maskKey(fmt.Errorf("IAM ListAccessKeys of %s: %w", user, err), id)
		}
		for i, m := range out.AccessKeyMetadata {
			if awssdk.ToString(m.AccessKeyId) == id {
				if m.Status == "" {
					return nil, fmt.Errorf("IAM ListAccessKeys of %s answered without the key's status", user)
				}
				return &out.AccessKeyMetadata[i], nil
			}
		}
	}
	return nil, nil
}

// DeactivateAccessKey sets user's key id Inactive (never deletes it), then
// reads it back: an error unless IAM now says Inactive.
func (r *Reader) DeactivateAccessKey(ctx context.Context, user, id string) error {
	err := r.call(ctx, "iam", func() error {
		_, err := r.iamKeys().UpdateAccessKey(ctx, &iam.UpdateAccessKeyInput{UserName: awssdk.String(user), AccessKeyId: awssdk.String(id), Status: iamtypes.StatusTypeInactive})
		return err
	})
	if err != nil {
		return maskKey(fmt.Errorf("IAM UpdateAccessKey of %s: %w", user, err), id)
	}
	meta, err := r.keyMetadata(ctx, user, id)
	switch {
	case err != nil:
		return err
	case meta == nil:
		return fmt.Errorf("IAM UpdateAccessKey of %s succeeded, but the key is no longer listed", user)
	case meta.Status != iamtypes.StatusTypeInactive:
		return fmt.Errorf("IAM UpdateAccessKey of %s succeeded, but the key reads back %s", user, meta.Status)
	}
	return nil
}

// maskedError is an error whose message has an access key ID masked.
type maskedError struct {
	msg string
	err error
}

func (e *maskedError) Error() string { return e.msg }
func (e *maskedError) Unwrap() error { return e.err }

// maskKey masks access key ID id in err's message (AWS repeats it: "The
// Access Key with id AKIA… cannot be found"), keeping err for errors.As.
func maskKey(err error, id string) error {
	if err == nil || id == "" || !strings.Contains(err.Error(), id) {
		return err
	}
	masked := id
	if len(id) >= 12 {
		masked = id[:4] + "…" + id[len(id)-4:]
	}
	return &maskedError{msg: strings.ReplaceAll(err.Error(), id, masked), err: err}
}
