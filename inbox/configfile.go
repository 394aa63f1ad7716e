package inbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/smskit/sms/provider/aliyun/aliyuntest"
)

// File is the JSON configuration file of the inbox (smskit inbox -config):
// the credentials, signs and templates the emulators accept.
//
//	{
//	  "aliyun": {
//	    "keys": {"LTAI5tStagingKey": "staging-secret"},
//	    "signs": ["阿里云短信测试", "MyShop"],
//	    "templates": {"SMS_100001": {"text": "您的验证码为：${code}", "kind": "verification"}},
//	    "permissive": false
//	  },
//	  "twilio": {
//	    "accounts": {"AC0123...": "auth-token"},
//	    "from": ["+15005550006"],
//	    "messagingServices": ["MG0123..."]
//	  }
//	}
//
// Absent fields keep the emulators' defaults (their test credentials, sign
// and template).
type File struct {
	Aliyun struct {
		Keys       map[string]string       `json:"keys"`
		Signs      []string                `json:"signs"`
		Templates  map[string]FileTemplate `json:"templates"`
		Permissive bool                    `json:"permissive"`
	} `json:"aliyun"`
	Twilio struct {
		Accounts          map[string]string `json:"accounts"`
		From              []string          `json:"from"`
		MessagingServices []string          `json:"messagingServices"`
	} `json:"twilio"`
}

// FileTemplate is an Aliyun template in a File.
type FileTemplate struct {
	// Text is the template text with ${name} variables.
	Text string `json:"text"`
	// Kind is "verification", "notification", "promotion" or
	// "international".
	Kind string `json:"kind"`
}

// maxConfigBytes bounds a configuration file.
const maxConfigBytes = 1 << 20

// ReadFile reads a JSON File from r into cfg's emulator options. Unknown
// fields are refused, so that a misspelt key is not silently ignored.
// Errors never quote secrets.
func ReadFile(r io.Reader, cfg *Config) error {
	var f File
	dec := json.NewDecoder(io.LimitReader(r, maxConfigBytes))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) {
			return fmt.Errorf("inbox: config file: JSON syntax error at byte %d", syntax.Offset)
		}
		if strings.Contains(err.Error(), "unknown field") {
			return fmt.Errorf("inbox: config file: %w", err)
		}
		return errors.New("inbox: config file: not the expected JSON (see inbox.File)")
	}
	for id, secret := range f.Aliyun.Keys {
		if id == "" || secret == "" {
			return errors.New("inbox: config file: an aliyun key has an empty id or secret")
		}
	}
	if f.Aliyun.Keys != nil {
		cfg.Aliyun.Keys = f.Aliyun.Keys
	}
	if f.Aliyun.Signs != nil {
		cfg.Aliyun.Signs = f.Aliyun.Signs
	}
	if f.Aliyun.Templates != nil {
		cfg.Aliyun.Templates = map[string]aliyuntest.Template{}
		for code, t := range f.Aliyun.Templates {
			kind, ok := map[string]aliyuntest.Kind{
				"verification": aliyuntest.Verification, "notification": aliyuntest.Notification,
				"promotion": aliyuntest.Promotion, "international": aliyuntest.International,
			}[strings.ToLower(t.Kind)]
			if !ok {
				return fmt.Errorf("inbox: config file: template %q: kind must be verification, notification, promotion or international", clipString(code))
			}
			if t.Text == "" {
				return fmt.Errorf("inbox: config file: template %q has no text", clipString(code))
			}
			cfg.Aliyun.Templates[code] = aliyuntest.Template{Text: t.Text, Kind: kind}
		}
	}
	cfg.Aliyun.Permissive = cfg.Aliyun.Permissive || f.Aliyun.Permissive
	if f.Twilio.Accounts != nil {
		cfg.Twilio.Accounts = f.Twilio.Accounts
	}
	if f.Twilio.From != nil {
		cfg.Twilio.From = f.Twilio.From
	}
	if f.Twilio.MessagingServices != nil {
		cfg.Twilio.MessagingServices = f.Twilio.MessagingServices
	}
	return nil
}
