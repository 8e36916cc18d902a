package cli

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"github.com/socdw/socdw/internal/fixture"
)

// reportWarehouse loads the example inbox built from the seed reports,
// a workbook that cannot be read (so one source fails) and a saved Kolada
// answer for Haninge and riket, and returns the harness.
func reportWarehouse(t *testing.T) *harness {
	t.Helper()
	h := newHarness(t, "")
	dirs := map[string]func(string) (string, error){
		"nacka": fixture.NackaEkonomiskTabell, "haninge": fixture.HaningeAvdelningar,
		"sodertalje": fixture.SodertaljePlaceringar, "placeringar": fixture.PlacementExportVariant,
	}
	for sub, build := range dirs {
		mustFile(t)(build(filepath.Join(h.inbox, sub)))
	}
	mustFile(t)(fixture.TruncatedXLSX(filepath.Join(h.inbox, "nacka")))
	os.MkdirAll(filepath.Join(h.inbox, "kolada"), 0o755)
	// Kolada values made up for the test (no network here): what is
	// asserted is that they stand beside Haninge's own figures.
	answer := koladaAnswer("", koladaValue("N33100", "0136", 2017, "4105"), koladaValue("N33100", "0000", 2017, "3822"))
	if err := os.WriteFile(filepath.Join(h.inbox, "kolada", "kolada_N33100_2017.json"), []byte(answer), 0o644); err != nil {
		t.Fatal(err)
	}
	h.config = writeConfig(t, h.dir, `warehouse: wh/socdw.duckdb
sources:
  - name: nacka-ekonomi
    kommun: Nacka
    path: inbox/nacka
    schedule: "0 2 * * *"
  - name: haninge-ekonomi
    kommun: Haninge
    path: inbox/haninge
    period: 2017-01-01..2017-04-30
  - name: sodertalje-placeringar
    kommun: Södertälje
    path: inbox/sodertalje
  - name: placeringar
    kommun: Haninge
    path: inbox/placeringar
    as_of: 2017-12-31
  - name: kolada
    kommun: Riket
    path: inbox/kolada
`)
	if st, out, errs := h.run("run"); st != ExitFailed {
		t.Fatalf("run: %d (want 1: truncated.xlsx fails)\n%s\n%s", st, out, errs)
	}
	return h
}

// chromium finds Debian's chromium; without it the test is skipped on a
// developer's machine and fails in CI, where .ci/run installs it.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("CI=true and no chromium: .ci/run installs Debian's chromium")
	}
	t.Skip("no chromium on this machine (apt-get install chromium)")
	return ""
}

// artifacts is where the test writes its screenshots: $SOCDW_ARTIFACTS
// when set (CI keeps it), else the test's temporary directory.
func artifacts(t *testing.T) string {
	if d := os.Getenv("SOCDW_ARTIFACTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return plainTempDir(t)
}

// The report opened as a person opens it: in a real headless Chromium,
// from the files socdw report wrote. The overview shows the failing
// source and why; a finding leads to its cell and row; the deviation
// chart has one bar per Nacka unit with the seed's −2 066 tkr for Barn och
// unga; the Kolada line stands beside Haninge's own; and the page asks
// for nothing beyond its own file.
func TestReportInChromium(t *testing.T) {
	exe := chromium(t)
	h := reportWarehouse(t)
	site := filepath.Join(h.dir, "site")
	if st, out, errs := h.run("report", "--out", site); st != ExitOK {
		t.Fatalf("report: %d\n%s\n%s", st, out, errs)
	}
	shots := artifacts(t)

	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1100, 900))
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()

	var mu sync.Mutex
	var requests []string
	events := chromedp.Events(ctx, network.RequestWillBeSent)
	go func() {
		for ev, err := range events {
			if err != nil {
				return
			}
			mu.Lock()
			requests = append(requests, ev.Request.URL)
			mu.Unlock()
		}
	}()
	page := func(name string) string { return "file://" + filepath.Join(site, name) }
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("%s: %v", sel, err)
		}
		return s
	}
	eval := func(js string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return s
	}
	shoot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(shots, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
		// SOCDW_DOCS_IMG=docs/img refreshes the README's pictures: the
		// first screen of each page, small enough to commit.
		if d := os.Getenv("SOCDW_DOCS_IMG"); d != "" {
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err == nil {
				err = os.WriteFile(filepath.Join(d, name), png, 0o644)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	visit := func(name string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(page(name)), chromedp.WaitVisible(chromedp.CSS("main"))); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}

	// Overview: the Nacka source failed, and says which file and why.
	visit("index.html")
	nacka := text(`tr[data-source="nacka-ekonomi"]`)
	contains(t, nacka, "Fel", "the failing source's status")
	contains(t, text(`tr.failures`), "truncated.xlsx", "the failed file")
	contains(t, text(`tr[data-source="haninge-ekonomi"]`), "OK", "a good source")
	if got := text(`title`); got != "" && got != "Översikt – socdw" {
		t.Errorf("title %q", got)
	}
	shoot("overview.png")

	// Findings: Nacka's printed Summa deviation, cell F13 of the
	// Ekonomisk tabell sheet (17 669 printed; 15 364 = budget − actual).
	visit("fynd.html")
	cells := eval(`Array.from(document.querySelectorAll('tr.finding th.cell')).map(e => e.textContent).join('|')`)
	contains(t, cells, "Ekonomisk tabell!F13", "the finding's cell")
	row := eval(`Array.from(document.querySelectorAll('tr.finding')).find(r => r.querySelector('th.cell').textContent === 'Ekonomisk tabell!F13').textContent`)
	contains(t, row, "17\u00a0669\u00a0000,00", "printed")
	contains(t, row, "15\u00a0364\u00a0000,00", "recomputed")
	shoot("findings.png")
	// The cell leads to its row in the budget table.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.Search(`//tr[contains(@class,"finding")]/th/a[text()="Ekonomisk tabell!F13"]`)),
		chromedp.WaitVisible(chromedp.CSS("main"))); err != nil {
		t.Fatal(err)
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if !strings.Contains(loc, "budget.html#r-") {
		t.Fatalf("the finding led to %s", loc)
	}
	if got := eval(`document.querySelector(':target').dataset.unit`); got != "Summa" {
		t.Errorf("the finding's row is %q, want Nacka's Summa", got)
	}

	// Budget deviation: one bar per Nacka unit (7 parts, the Summa is no
	// bar), Barn och unga a deficit of −2 066 tkr, drawn left of zero.
	visit("budget.html")
	bars := eval(`Array.from(document.querySelectorAll('section[data-kommun="Nacka"] svg g.bar')).map(g => g.dataset.unit + '=' + g.dataset.value + ':' + g.classList[1]).join('|')`)
	want := []string{
		"Preliminärbokförda fakturor=−190 tkr:deficit", "Barn och unga=−2 066 tkr:deficit", "Vuxna 21-64 år=+6 162 tkr:surplus",
		"Personer med funktionsnedsättning=+15 013 tkr:surplus", "Gemensam socialtjänst=+1 292 tkr:surplus",
		"Myndighet och huvudmannaskap=−2 863 tkr:deficit", "Nämnd och nämndstöd=+322 tkr:surplus",
	}
	if got := strings.ReplaceAll(bars, "\u00a0", " "); got != strings.Join(want, "|") {
		t.Errorf("Nacka's bars:\n%s\nwant\n%s", got, strings.Join(want, "|"))
	}
	// A deficit is drawn to the left of the zero line, a surplus to the right.
	side := eval(`(() => { const s = document.querySelector('section[data-kommun="Nacka"] svg');
		const zero = s.querySelector('line.axis').x1.baseVal.value;
		const r = u => s.querySelector('g.bar[data-unit="' + u + '"] rect');
		return (r('Barn och unga').x.baseVal.value + r('Barn och unga').width.baseVal.value <= zero + 0.5) + ',' + (r('Vuxna 21-64 år').x.baseVal.value >= zero - 0.5) })()`)
	if side != "true,true" {
		t.Errorf("deficit left, surplus right: %s", side)
	}
	if got := eval(`document.querySelector('section[data-kommun="Nacka"] svg').getAttribute('role') + '|' + document.querySelector('section[data-kommun="Nacka"] svg title').textContent`); got != "img|Budgetavvikelse per enhet, Nacka jan–okt 2017" {
		t.Errorf("chart label: %q", got)
	}
	shoot("budget.png")

	// Dygnskostnad: Haninge's own HVB line and Kolada's N33100 for Haninge
	// and riket 2017 in the same chart.
	visit("dygnskostnad.html")
	chart := `section[data-kommun="Haninge"] svg.lines`
	own := eval(`Array.from(document.querySelectorAll('` + chart + ` g.series.own')).map(g => g.dataset.series).join('|')`)
	contains(t, own, "HVB (extern regi)", "Haninge's own HVB line")
	refs := strings.ReplaceAll(eval(`Array.from(document.querySelectorAll('`+chart+` g.ref')).map(g => g.dataset.label).join('|')`), "\u00a0", " ")
	contains(t, refs, "Kolada N33100 Haninge 2017: 4 105 kr/dygn", "Kolada beside")
	contains(t, refs, "Kolada N33100 riket 2017: 3 822 kr/dygn", "riket beside")
	contains(t, refs, "Egen HVB 2017:", "own year beside Kolada")
	shoot("dygnskostnad.png")

	visit("placeringar.html")
	contains(t, text(`section[data-kommun="Haninge"] table`), "HVB", "placements per form")
	shoot("placements.png")

	time.Sleep(200 * time.Millisecond) // the last events reach the listener
	mu.Lock()
	defer mu.Unlock()
	if len(requests) < 5 {
		t.Errorf("saw %d requests; the listener did not work", len(requests))
	}
	for _, u := range requests {
		if !strings.HasPrefix(u, "file://") && !strings.HasPrefix(u, "data:") {
			t.Errorf("a request left the page: %s", u)
		}
	}
	t.Logf("screenshots in %s", shots)
}

// The committee pack: the same tables in a workbook with native charts,
// read back with excelize.
func TestReportXLSXPack(t *testing.T) {
	h := reportWarehouse(t)
	out := filepath.Join(h.dir, "pack.xlsx")
	if st, o, errs := h.run("report", "--format", "xlsx", "--out", out); st != ExitOK {
		t.Fatalf("report: %d\n%s\n%s", st, o, errs)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), "|"); got != "Översikt|Fynd och avvisade|Budgetavvikelse|Dygnskostnad|Placeringar" {
		t.Errorf("sheets: %s", got)
	}
	rows, err := f.GetRows("Budgetavvikelse", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rows {
		if len(r) > 3 && r[0] == "Barn och unga" && r[3] == "-2066000" {
			found = true
		}
	}
	if !found {
		t.Error("no Barn och unga row with deviation -2066000 (kronor, shown as tkr)")
	}
	// Native charts: one bar chart per kommun and period, one line chart
	// per kommun and target group.
	z, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	bars, lines := 0, 0
	for _, zf := range z.File {
		if !strings.HasPrefix(zf.Name, "xl/charts/chart") {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		switch s := string(b); {
		case strings.Contains(s, "<barChart>"):
			bars++
		case strings.Contains(s, "<lineChart>"):
			lines++
		}
	}
	if bars < 2 || lines < 2 {
		t.Errorf("charts: %d bar, %d line; want a bar chart for Nacka and Haninge and line charts for dygnskostnad", bars, lines)
	}
	if got := fmt.Sprint(h.one(`SELECT count(*) FROM benchmark WHERE kolada_value = 4105 AND riket_value = 3822`)); got == "0" {
		t.Error("the Kolada answer did not reach benchmark")
	}
}

// A file forgotten (socdw forget, or gone from a mirrored inbox) shows on
// the overview under its source's last run, with the note saying why.
func TestReportOverviewShowsVanishedFiles(t *testing.T) {
	h := reportWarehouse(t)
	tyreso := mustFile(t)(fixture.TyresoIFO(filepath.Join(h.inbox, "haninge")))
	if st, out, errs := h.run("load", "--source", "haninge-ekonomi", tyreso); st != ExitOK {
		t.Fatalf("load: %d\n%s\n%s", st, out, errs)
	}
	if st, out, errs := h.run("forget", tyreso); st != ExitOK {
		t.Fatalf("forget: %d\n%s\n%s", st, out, errs)
	}
	site := filepath.Join(h.dir, "site")
	if st, out, errs := h.run("report", "--out", site); st != ExitOK {
		t.Fatalf("report: %d\n%s\n%s", st, out, errs)
	}
	b, err := os.ReadFile(filepath.Join(site, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	contains(t, string(b), "Försvunnen: <strong>"+filepath.Base(tyreso)+"</strong>", "the forgotten file on the overview")
	// The first page a person opens shows the deviation chart and the
	// findings with their cells: Nacka's Barn och unga at −2 066 tkr (seed
	// 003, 86 486 − 88 552) and the printed Summa avvikelse that is not the
	// sum of its parts, at Ekonomisk tabell!F13.
	contains(t, string(b), "<svg", "an SVG chart on the overview")
	contains(t, string(b), "\u22122\u00a0066\u00a0tkr", "Nacka's Barn och unga deviation on the overview")
	contains(t, string(b), "Ekonomisk tabell!F13", "a finding's cell on the overview")
}
