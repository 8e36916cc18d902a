package cli

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"go.uber.org/zap"

	"github.com/socdw/socdw/internal/fixture"
)

type stringer string

func (s stringer) String() string { return string(s) }

// Every logger socdw makes cleans what it writes, whatever field type a
// package logs a personnummer or a URL password in, in both formats.
func TestLoggerCleansEveryField(t *testing.T) {
	pnr := fixture.Personnummer("19550505", "783", fixture.PnrLong)
	url := "https://svc:Hemligt-42@intranet.example/e.csv?token=T0KEN"
	for _, format := range []string{"console", "json"} {
		var buf bytes.Buffer
		c := &common{logFormat: format}
		log, err := c.logger(&env{stderr: &buf})
		if err != nil {
			t.Fatal(err)
		}
		log = log.With(zap.String("source", "Familjen "+pnr))
		log.Info("loaded "+pnr, zap.String("file", "/srv/inbox/rapport "+pnr+".xlsx"), zap.String("url", url),
			zap.Error(errors.New("Get \""+url+"\": refused")), zap.Stringer("who", stringer(pnr)),
			zap.Strings("list", []string{pnr}), zap.Any("any", map[string]string{"k": pnr}), zap.Int("rows", 7))
		out := buf.String()
		for _, secret := range []string{digits10(pnr), "Hemligt-42", "T0KEN"} {
			if strings.Contains(strings.ReplaceAll(out, "-", ""), strings.ReplaceAll(secret, "-", "")) {
				t.Errorf("%s log holds %q:\n%s", format, secret, out)
			}
		}
		for _, kept := range []string{"/srv/inbox/rapport [personnummer].xlsx", "intranet.example/e.csv", "7"} {
			contains(t, out, kept, format+" log keeps the rest")
		}
	}
}
