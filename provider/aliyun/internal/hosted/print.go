package hosted

import (
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	"github.com/smskit/sms/internal/redact"
)

// DescribeCredentials describes the credentials of a hosted package's
// Options for its String: "AccessKeySecret: hidden" (or "unset") when an
// AccessKey pair is given, "Credentials: set" for a provider, and
// "Credentials: default chain" otherwise. It never shows a secret, its
// length or a fragment.
func DescribeCredentials(accessKeyID, accessKeySecret string, c credentials.CredentialsProvider) string {
	switch {
	case accessKeyID != "" || accessKeySecret != "":
		return "AccessKeySecret: " + redact.IsSet(accessKeySecret != "")
	case c != nil:
		return "Credentials: set"
	}
	return "Credentials: default chain"
}
