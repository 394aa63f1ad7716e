// Package hosted lets the packages of Aliyun's hosted services (such as
// aliyunverify, over Dypnsapi) make SDK calls with provider/aliyun's
// machinery: its transport (writes tracked per call, no redirects, bounded
// answers), its credentials, and its classification and redaction of
// failures. Package aliyun sets New when it is initialized; a package that
// uses hosted imports aliyun, so New is set before its first use.
package hosted

import (
	"context"
	"net/http"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/responses"
	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/redact"
)

// Config is a client's connection settings, as provider/aliyun's Options
// name them; zero values stand for the same defaults.
type Config struct {
	AccessKeyID, AccessKeySecret string
	Credentials                  credentials.CredentialsProvider // nil: the default chain
	RegionID                     string
	// Endpoint is "https://host[:port]" or "http://host[:port]"; unlike
	// provider/aliyun's, it has no default: each service has its own.
	Endpoint       string
	ConnectTimeout time.Duration
	Timeout        time.Duration
	MaxIdleConns   int
	Transport      http.RoundTripper
}

// NewSDKClient makes the SDK client of a product, as the product's
// NewClientWithOptions does (dypnsapi.NewClientWithOptions), and returns
// its embedded *sdk.Client.
type NewSDKClient func(regionID string, cfg *sdk.Config, creds auth.Credential) (*sdk.Client, error)

// Class says how an error code of the hosted service, one that
// provider/aliyun's table does not know, is reported.
type Class struct {
	Code         sms.Code
	NotAccepted  bool
	What         string // for people
	RetryAfter   time.Duration
	PerRecipient bool
}

// Secrets are the secrets of one call besides its credentials and
// signature, which the client lists itself: the recipient's number and
// values such as a code.
type Secrets struct {
	To     sms.Phone
	Values []string
}

// Answer is the outcome of a call that Aliyun answered with Code "OK".
type Answer struct {
	// RequestID is Aliyun's RequestId when it passes the redaction rule.
	RequestID string
	// Decoded is false when the SDK could not decode the typed response.
	Decoded bool
	// Secrets are the call's secrets, listed, for SafeID.
	Secrets redact.Secrets
}

// Fields returns what the SDK decoded of a typed response: its business
// Code and its request id.
type Fields func() (code, requestID string)

// Client makes calls; it is safe for concurrent use.
type Client interface {
	// Do makes one call of req, answered into resp, whose BaseResponse is
	// base, under ctx and the client's Timeout. A failure is an *sms.Error
	// classified as provider/aliyun classifies them (extra first for the
	// codes it holds): a call that may have reached Aliyun is never "not
	// accepted".
	//
	// A call that the SDK decoded without an error, under HTTP 200, whose
	// fields say Code "OK", is a success without a second reading of the
	// answer; any other answer is read from its status and body alone, as
	// provider/aliyun reads SendSms's.
	Do(ctx context.Context, req requests.AcsRequest, resp responses.AcsResponse, base *responses.BaseResponse,
		fields Fields, sec Secrets, extra map[string]Class) (Answer, *sms.Error)
	// SafeID reports whether id has the form of a BizId and shows nothing
	// of sec, an Answer's Secrets (the whole number counting).
	SafeID(id string, sec redact.Secrets) bool
	// Describe says how the client gets its credentials and where it
	// sends, without secrets.
	Describe() string
	// CloseIdleConnections closes the idle connections of the client's
	// own transport.
	CloseIdleConnections()
}

// New makes a Client; package aliyun sets it. Errors are *sms.OptionsError
// values naming provider/aliyun.
var New func(c Config, newSDK NewSDKClient) (Client, error)
