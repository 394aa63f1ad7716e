package apierr

import (
	"errors"
	"testing"
	"time"

	"github.com/smskit/sms"
	"github.com/stretchr/testify/assert"
)

func TestFormat(t *testing.T) {
	tests := []struct {
		name           string
		status         int
		message, reqID string
		codes          []string
		want           string
	}{
		{"all", 200, "too many", "F655A8D5", []string{"isv.X"}, "p: HTTP 200 isv.X: too many (request F655A8D5)"},
		{"empty code keeps its space", 502, "", "", []string{""}, "p: HTTP 502 "},
		{"no codes", 200, "", "r1", nil, "p: HTTP 200 (request r1)"},
		{"two codes", 200, "m", "", []string{"15", "isv.X"}, "p: HTTP 200 15 isv.X: m"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Format("p", tt.status, tt.message, tt.reqID, tt.codes...))
		})
	}
}

func TestClassify(t *testing.T) {
	table := map[string]string{"Known": "known"}
	tests := []struct {
		code   string
		status int
		want   string
	}{
		{"Known", 200, "known"},
		{"Known", 503, "known"},
		{"", 502, "noCode"},
		{"", 200, "noCode"},
		{"Other", 500, "server"},
		{"Other", 404, "unknown"},
		{"Other", 200, "unknown"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, Classify(table, tt.code, tt.status, "noCode", "server", "unknown"), "%s %d", tt.code, tt.status)
	}
}

func TestClassError(t *testing.T) {
	inner := errors.New("api")
	c := Class{Code: sms.RateLimited, NotAccepted: true, What: "limit reached"}
	e := c.Error("p", "try later", "isv.X", "r1", inner)
	assert.Equal(t, &sms.Error{Code: sms.RateLimited, NotAccepted: true, Provider: "p", ProviderCode: "isv.X",
		RequestID: "r1", Message: "limit reached: try later", Err: inner}, e)
	assert.Equal(t, "limit reached", c.Error("p", "", "", "", inner).Message)
}

func TestLimitWindow(t *testing.T) {
	tests := []struct {
		message string
		want    time.Duration
	}{
		{"触发分钟级流控Permits:1", time.Minute},
		{"触发小时级流控Permits:5", time.Hour},
		{"触发天级流控Permits:10", 24 * time.Hour},
		{"", time.Minute},
		{"something else", time.Minute},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, LimitWindow(tt.message), tt.message)
	}
}
