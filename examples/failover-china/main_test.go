package main

import (
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	var b strings.Builder
	if err := run(&b); err != nil {
		t.Fatal(err)
	}
	want := `1. both up: Aliyun sends
   +86 138****8000 → sent by aliyun
2. Aliyun's balance is empty (isv.AMOUNT_NOT_ENOUGH, not accepted) → fail over to Tencent
   +86 139****9000 → sent by tencent
3. Aliyun's per-number limit (isv.BUSINESS_LIMIT_CONTROL) → no failover: Tencent would get around it
   +86 137****7000 → not sent, may have been accepted: false
   accepted: aliyun 0, tencent 0
4. Aliyun accepts, then the connection drops: outcome unknown → no failover
   +86 136****6000 → not sent, may have been accepted: true
   accepted: aliyun 1, tencent 0
`
	if got := b.String(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}
