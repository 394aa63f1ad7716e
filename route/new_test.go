package route_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/smskit/sms"
	"github.com/smskit/sms/route"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewRejectsBadOptions(t *testing.T) {
	ok := working("ok")
	one := []route.Target{{Name: "a", Sender: ok}}
	tests := []struct {
		name string
		opts route.Options
		want string
	}{
		{"no routes", route.Options{}, "no routes"},
		{"route without targets", route.Options{Routes: []route.Route{{Name: "cn"}}}, `route "cn": no targets`},
		{"target without name", route.Options{Routes: []route.Route{{Targets: []route.Target{{Sender: ok}}}}},
			"route 1 target 1: Target.Name is empty"},
		{"target without sender", route.Options{Routes: []route.Route{{Targets: []route.Target{{Name: "a"}}}}},
			`route 1 target "a": Target.Sender is nil`},
		{"duplicate target", route.Options{Routes: []route.Route{{Targets: []route.Target{
			{Name: "a", Sender: ok}, {Name: "a", Sender: ok}}}}}, `route 1 target "a": two targets`},
		{"negative weight", route.Options{Routes: []route.Route{{Targets: []route.Target{
			{Name: "a", Sender: ok, Weight: -1}}}}}, "Weight -1 is negative"},
		{"huge weight", route.Options{Routes: []route.Route{{Targets: []route.Target{
			{Name: "a", Sender: ok, Weight: route.MaxWeight + 1}}}}}, "more than MaxWeight"},
		{"prefix without plus", route.Options{Routes: []route.Route{{Prefixes: []string{"86"}, Targets: one}}},
			`prefix "86" is not an E.164 prefix`},
		{"prefix with letters", route.Options{Routes: []route.Route{{Prefixes: []string{"+8a"}, Targets: one}}},
			`prefix "+8a"`},
		{"bare plus", route.Options{Routes: []route.Route{{Prefixes: []string{"+"}, Targets: one}}}, `prefix "+"`},
		{"unknown region", route.Options{Routes: []route.Route{{Regions: []string{"XX"}, Targets: one}}},
			`region "XX" is not a known`},
		{"duplicate route", route.Options{Routes: []route.Route{
			{Name: "x", Prefixes: []string{"+86"}, Targets: one}, {Name: "x", Targets: one}}}, `route "x": two routes`},
		{"route after a catch-all", route.Options{Routes: []route.Route{
			{Name: "all", Targets: one}, {Name: "cn", Prefixes: []string{"+86"}, Targets: one}}},
			`route "cn" can never be taken: route "all" before it matches every message`},
		{"template without name", route.Options{Routes: []route.Route{{Targets: one}},
			Templates: []sms.Template{{Text: "x"}}}, "template 1: Template.Name is empty"},
		{"duplicate template", route.Options{Routes: []route.Route{{Targets: one}},
			Templates: []sms.Template{{Name: "t", Kind: sms.KindNotification, Text: "x"}, {Name: "t", Kind: sms.KindNotification, Text: "y"}}}, `template "t": two templates`},
		{"malformed template", route.Options{Routes: []route.Route{{Targets: one}},
			Templates: []sms.Template{{Name: "t", Kind: sms.KindNotification, Text: "code ${code"}}}, `unclosed "${"`},
		{"template without kind", route.Options{Routes: []route.Route{{Targets: one}},
			Templates: []sms.Template{{Name: "t", Text: "x"}}}, `template "t": Template.Kind is unspecified`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := route.New(tc.opts)
			require.Error(t, err)
			assert.Nil(t, r)
			assert.ErrorIs(t, err, sms.ErrInvalidOptions)
			assert.Contains(t, err.Error(), tc.want)
			assert.True(t, strings.HasPrefix(err.Error(), "sms: route: invalid options: "), err.Error())
			assert.NotContains(t, err.Error(), "accepted", "a configuration error is not a send error")
		})
	}
}

// checking is a sender that serves only the templates it has a code for.
type checking struct {
	stub
	codes map[string]bool
}

var errNoCode = errors.New("no template code")

func (c *checking) CheckTemplate(t sms.Template) error {
	if !c.codes[t.Name] {
		return &sms.Error{Code: sms.InvalidArgument, NotAccepted: true, Provider: c.name,
			Message: "template " + t.Name + " has no code", Err: errNoCode}
	}
	return nil
}

// hidden wraps a sender as a careless decorator does, without Unwrap: the
// inner CheckTemplate is gone.
func hidden(s sms.Sender) sms.Sender { return sms.SenderFunc(s.Send) }

// wrapped wraps a sender as middleware does, with Unwrap.
type wrapped struct{ sms.Sender }

func (w wrapped) Unwrap() sms.Sender { return w.Sender }

func TestNewChecksTemplates(t *testing.T) {
	login := sms.Template{Name: "login_code", Kind: sms.KindVerification, Text: "code ${code}", Codes: map[string]string{"aliyun": "SMS_1"}}
	promo := sms.Template{Name: "promo", Kind: sms.KindPromotion, Text: "sale"}
	aliyun := &checking{stub: stub{name: "aliyun"}, codes: map[string]bool{"login_code": true}}
	twilio := working("twilio") // no checker: serves everything

	tests := []struct {
		name      string
		templates []sms.Template
		target    route.Target
		want      []string // each a substring of the error; none means success
	}{
		{"served by all", []sms.Template{login}, route.Target{Name: "aliyun", Sender: aliyun}, nil},
		{"refused by one", []sms.Template{login, promo}, route.Target{Name: "aliyun", Sender: aliyun},
			[]string{`route "cn" target "aliyun" cannot serve template "promo": aliyun: invalid argument: template promo has no code`}},
		{"a decorator without Unwrap hides the checker", []sms.Template{promo}, route.Target{Name: "aliyun", Sender: hidden(aliyun)}, nil},
		{"the checker is found through middleware", []sms.Template{promo},
			route.Target{Name: "aliyun", Sender: wrapped{wrapped{aliyun}}},
			[]string{`target "aliyun" cannot serve template "promo"`}},
		{"every refusal named", []sms.Template{promo, {Name: "other", Kind: sms.KindNotification, Text: "x"}},
			route.Target{Name: "aliyun", Sender: aliyun},
			[]string{`template "promo"`, `template "other"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := route.New(route.Options{
				Templates: tc.templates,
				Routes: []route.Route{
					{Name: "cn", Prefixes: []string{"+86"}, Targets: []route.Target{tc.target, {Name: "twilio", Sender: twilio}}},
					{Name: "world", Targets: []route.Target{{Name: "twilio", Sender: twilio}}},
				},
			})
			if tc.want == nil {
				require.NoError(t, err)
				require.NotNil(t, r)
				return
			}
			require.Error(t, err)
			assert.ErrorIs(t, err, sms.ErrInvalidOptions)
			assert.ErrorIs(t, err, route.ErrTemplateUnsupported)
			assert.ErrorIs(t, err, errNoCode, "unwraps to the target's own error")
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
			assert.NotContains(t, err.Error(), "twilio", "only the refusing target is named")
		})
	}
}

func TestRouterIsTemplateChecker(t *testing.T) {
	aliyun := &checking{stub: stub{name: "aliyun"}, codes: map[string]bool{"login_code": true}}
	inner, err := route.New(route.Options{Name: "inner", Routes: []route.Route{{Targets: []route.Target{{Name: "aliyun", Sender: aliyun}}}}})
	require.NoError(t, err)
	var _ sms.TemplateChecker = inner

	assert.NoError(t, inner.CheckTemplate(sms.Template{Name: "login_code", Kind: sms.KindVerification}))
	_, err = route.New(route.Options{
		Templates: []sms.Template{{Name: "promo", Kind: sms.KindPromotion, Text: "sale"}},
		Routes:    []route.Route{{Name: "outer", Targets: []route.Target{{Name: "nested", Sender: inner}}}},
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `route "outer" target "nested" cannot serve template "promo": inner: invalid options: route 1 target "aliyun"`)
	assert.ErrorIs(t, err, errNoCode)
}
