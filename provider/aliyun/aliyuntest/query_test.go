package aliyuntest

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms/internal/testclock"
)

func query(c *handClient, number, date, pageSize, page, bizID string) apiResult {
	c.t.Helper()
	p := map[string]string{"PhoneNumber": number, "SendDate": date, "PageSize": pageSize, "CurrentPage": page}
	if bizID != "" {
		p["BizId"] = bizID
	}
	return c.call("QuerySendDetails", p)
}

// Receipts arrive as the injected clock passes SendTime + Delay.
func TestReceiptsOverTime(t *testing.T) {
	clock := testclock.New(t0)
	srv := NewServer(Options{
		Now:    clock.Now,
		Limits: Limits{Disabled: true},
		Receipt: func(m Message) Receipt {
			if m.Params["code"] == "0000" {
				return Receipt{Delay: 2 * time.Minute, Failed: true, ErrCode: "MK:0001"}
			}
			if m.Params["code"] == "9999" {
				return Receipt{Delay: time.Minute, Failed: true}
			}
			return Receipt{Delay: time.Minute}
		},
	})
	defer srv.Close()
	c := newHandClient(t, srv, clock.Now)

	ok := c.sendSms("13800138000", "1234")
	bad := c.sendSms("13800138000", "0000")
	other := c.sendSms("13800138000", "9999")
	require.Equal(t, "OK", ok.Code)
	require.Equal(t, "OK", bad.Code)
	require.Equal(t, "OK", other.Code)

	status := func() []int {
		r := query(c, "13800138000", "20240301", "10", "1", "")
		require.Equal(t, "OK", r.Code)
		var s []int
		for _, d := range r.Details.List {
			s = append(s, d.SendStatus)
		}
		return s
	}
	assert.Equal(t, []int{1, 1, 1}, status())
	clock.Advance(time.Minute - time.Nanosecond)
	assert.Equal(t, []int{1, 1, 1}, status())
	clock.Advance(time.Nanosecond)
	assert.Equal(t, []int{3, 1, 2}, status())
	clock.Advance(time.Minute)
	assert.Equal(t, []int{3, 2, 2}, status())

	r := query(c, "13800138000", "20240301", "10", "1", bad.BizID)
	require.Equal(t, 1, r.TotalCount)
	d := r.Details.List[0]
	assert.Equal(t, "MK:0001", d.ErrCode)
	assert.Equal(t, "2024-03-01 10:00:00", d.SendDate, "Beijing time")
	assert.Equal(t, "2024-03-01 10:02:00", d.ReceiveDate)
	assert.Equal(t, "13800138000", d.PhoneNum)
	assert.Equal(t, DefaultTemplateCode, d.TemplateCode)

	r = query(c, "13800138000", "20240301", "10", "1", other.BizID)
	assert.Equal(t, DefaultFailureCode, r.Details.List[0].ErrCode)

	msgs := srv.Messages()
	assert.Equal(t, StatusDelivered, msgs[0].Status)
	assert.Equal(t, "DELIVERED", msgs[0].ErrCode)
	assert.Equal(t, t0.Add(time.Minute), msgs[0].ReceiveTime)
	assert.Equal(t, StatusFailed, msgs[1].Status)
	assert.Equal(t, "Failed", msgs[1].Status.String())
}

func TestQuerySendDetailsPagingAndFilters(t *testing.T) {
	// 23:59:00 Beijing on 2024-03-01.
	start := time.Date(2024, 3, 1, 15, 59, 0, 0, time.UTC)
	clock := testclock.New(start)
	srv := NewServer(Options{Now: clock.Now, Limits: Limits{Disabled: true}})
	defer srv.Close()
	c := newHandClient(t, srv, clock.Now)

	var bizIDs []string
	for i := range 7 {
		r := c.sendSms("+8613800138000", "12345"+string(rune('0'+i)))
		require.Equal(t, "OK", r.Code)
		bizIDs = append(bizIDs, r.BizID)
	}
	require.Equal(t, "OK", c.sendSms("13900139000", "5555").Code)
	clock.Advance(2 * time.Minute) // 00:01 Beijing on 2024-03-02
	late := c.sendSms("13800138000", "7777")
	require.Equal(t, "OK", late.Code)

	for _, tt := range []struct {
		page string
		want []string
	}{
		{"1", []string{"123450", "123451", "123452"}},
		{"2", []string{"123453", "123454", "123455"}},
		{"3", []string{"123456"}},
		{"4", nil},
		{"9223372036854775807", nil},
	} {
		t.Run("page "+tt.page, func(t *testing.T) {
			r := query(c.on(t), "8613800138000", "20240301", "3", tt.page, "")
			require.Equal(t, "OK", r.Code, r.Message)
			assert.Equal(t, 7, r.TotalCount)
			var codes []string
			for _, d := range r.Details.List {
				codes = append(codes, d.Content[strings.Index(d.Content, "：")+len("："):][:6])
			}
			assert.Equal(t, tt.want, codes)
		})
	}

	r := query(c, "13800138000", "20240301", "50", "1", bizIDs[4])
	require.Equal(t, 1, r.TotalCount)
	assert.Contains(t, r.Details.List[0].Content, "123454")

	r = query(c, "13800138000", "20240302", "50", "1", "")
	require.Equal(t, 1, r.TotalCount, "SendDate is the Beijing date")
	assert.Contains(t, r.Details.List[0].Content, "7777")

	r = query(c, "13800138000", "20240302", "50", "1", bizIDs[0])
	assert.Equal(t, 0, r.TotalCount)
	assert.Empty(t, r.Details.List)

	r = query(c, "13700137000", "20240301", "50", "1", "")
	assert.Equal(t, "OK", r.Code)
	assert.Equal(t, 0, r.TotalCount)
}

func TestQuerySendDetailsValidation(t *testing.T) {
	clock := testclock.New(t0) // 2024-03-01 Beijing
	srv := NewServer(Options{Now: clock.Now})
	defer srv.Close()
	c := newHandClient(t, srv, clock.Now)
	tests := []struct {
		name                     string
		number, date, size, page string
		status                   int
		code                     string
	}{
		{"missing PhoneNumber", "", "20240301", "10", "1", 400, "MissingPhoneNumber"},
		{"missing SendDate", "13800138000", "", "10", "1", 400, "MissingSendDate"},
		{"missing PageSize", "13800138000", "20240301", "", "1", 400, "MissingPageSize"},
		{"missing CurrentPage", "13800138000", "20240301", "10", "", 400, "MissingCurrentPage"},
		{"invalid number", "1380013800", "20240301", "10", "1", 200, "isv.MOBILE_NUMBER_ILLEGAL"},
		{"SendDate format", "13800138000", "2024-03-01", "10", "1", 200, "isv.INVALID_PARAMETERS"},
		{"SendDate 30 days ago", "13800138000", "20240131", "10", "1", 200, "isv.INVALID_PARAMETERS"},
		{"PageSize 0", "13800138000", "20240301", "0", "1", 200, "isv.INVALID_PARAMETERS"},
		{"PageSize 51", "13800138000", "20240301", "51", "1", 200, "isv.INVALID_PARAMETERS"},
		{"PageSize not a number", "13800138000", "20240301", "ten", "1", 200, "isv.INVALID_PARAMETERS"},
		{"CurrentPage 0", "13800138000", "20240301", "10", "0", 200, "isv.INVALID_PARAMETERS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := query(c.on(t), tt.number, tt.date, tt.size, tt.page, "")
			assert.Equal(t, tt.status, r.Status)
			assert.Equal(t, tt.code, r.Code, r.Message)
		})
	}
	// The oldest date allowed: 29 days before today, 30 days in all.
	r := query(c, "13800138000", "20240201", "50", "1", "")
	assert.Equal(t, "OK", r.Code, r.Message)
}
