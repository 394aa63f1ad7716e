package aliyuntest

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Kind is the kind of a template, as Aliyun approves it: it decides how its
// variables are checked, which numbers it may go to and which frequency
// limits apply.
type Kind int

const (
	// Notification is a notification template (短信通知), the zero Kind.
	// Each variable must be 1–35 characters and must not contain a URL;
	// Limits.NotificationPerDay applies per sign, template and number.
	Notification Kind = iota
	// Verification is a verification-code template (验证码): each variable
	// must be 4–6 characters; Limits.PerMinute, PerHour and PerDay apply per
	// sign and number.
	Verification
	// Promotion is a promotional template (推广短信): Aliyun approves no
	// variables in it, so a request that uses one whose Text has variables
	// fails with isv.SMS_TEMPLATE_ILLEGAL, and one that passes params with
	// isv.TEMPLATE_PARAMS_ILLEGAL. Limits.NotificationPerDay applies per
	// sign, template and number.
	Promotion
	// International is a template for numbers outside the mainland
	// (国际/港澳台消息). It cannot send to mainland numbers, and the other
	// kinds cannot send to any other number: either mismatch fails with
	// isv.DOMESTIC_NUMBER_NOT_SUPPORTED. Variables are checked as for a
	// notification; the mainland frequency limits do not apply.
	International
)

var kindNames = [...]string{"Notification", "Verification", "Promotion", "International"}

// String returns the constant's name, such as "Verification".
func (k Kind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Template is an approved message template.
type Template struct {
	// Text is the message text with variables written ${name}, for example
	// "您的验证码为：${code}". The stored content is "【sign】" + Text with
	// every variable substituted.
	Text string
	// Kind decides the variable rules, the numbers the template may go to
	// and the frequency limits.
	Kind Kind
}

var variablePattern = regexp.MustCompile(`\$\{([^{}]+)\}`)

// variables returns the names of t's variables in order of first appearance.
func (t Template) variables() []string {
	var names []string
	seen := map[string]bool{}
	for _, m := range variablePattern.FindAllStringSubmatch(t.Text, -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			names = append(names, m[1])
		}
	}
	return names
}

// render substitutes params into t's text. Variables without a value are left
// as written; checkParams rejects such requests first.
func (t Template) render(params map[string]string) string {
	return variablePattern.ReplaceAllStringFunc(t.Text, func(v string) string {
		if value, ok := params[v[2:len(v)-1]]; ok {
			return value
		}
		return v
	})
}

// parseTemplateParam decodes a TemplateParam value: a JSON object whose values
// are all strings. An empty value is an empty object.
func parseTemplateParam(s string) (map[string]string, *apiError) {
	if strings.TrimSpace(s) == "" {
		return map[string]string{}, nil
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s), &raw); err != nil || raw == nil {
		return nil, businessError(codeInvalidJSONParam)
	}
	return stringValues(raw)
}

// stringValues converts decoded JSON values to strings, rejecting any value
// that is not a JSON string, as Aliyun does.
func stringValues(raw map[string]json.RawMessage) (map[string]string, *apiError) {
	params := make(map[string]string, len(raw))
	for name, v := range raw {
		var s string
		if !bytes.HasPrefix(bytes.TrimSpace(v), []byte(`"`)) || json.Unmarshal(v, &s) != nil {
			return nil, businessError(codeInvalidJSONParam)
		}
		params[name] = s
	}
	return params, nil
}

// checkParams applies Aliyun's variable rules: every variable present, of the
// length its template kind allows, and no URL in a notification; no params
// at all for a promotion.
func (t Template) checkParams(params map[string]string) *apiError {
	names := t.variables()
	if t.Kind == Promotion {
		if len(names) > 0 {
			return businessError(codeTemplateIllegal) // never approved
		}
		if len(params) > 0 {
			return businessError(codeTemplateParamsIllegal)
		}
		return nil
	}
	for _, name := range names {
		if _, ok := params[name]; !ok {
			return businessError(codeTemplateMissingParameters)
		}
	}
	for _, name := range names {
		n := utf8.RuneCountInString(params[name])
		switch t.Kind {
		case Verification:
			if n < 4 || n > 6 {
				return businessError(codeParamLengthLimit)
			}
		default:
			if n < 1 || n > 35 {
				return businessError(codeParamLengthLimit)
			}
			if containsURL(params[name]) {
				return businessError(codeParamNotSupportURL)
			}
		}
	}
	return nil
}

func containsURL(s string) bool {
	l := strings.ToLower(s)
	return strings.Contains(l, "://") || strings.Contains(l, "www.")
}
