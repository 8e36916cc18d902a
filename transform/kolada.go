package transform

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/socdw/socdw"
	"github.com/socdw/socdw/extract"
)

// KoladaKPI is what socdw knows of a Kolada key figure without asking
// Kolada: its title and the unit of its values.
type KoladaKPI struct {
	ID    string
	Title string
	Unit  socdw.Unit
}

// KoladaKPIs are the key figures socdw knows by heart: the costs per care
// day the benchmark view compares with a source's own dygnskostnad. The
// titles are Kolada's own, verified against Kolada's KPI metadata as
// published (api.kolada.se /kpi) and kept in public repositories; a data
// answer carries only the id, so the title and unit come from here.
var KoladaKPIs = map[string]KoladaKPI{
	"N33100": {"N33100", "Kostnad/vårddygn för institutionsvård av barn och unga 0-20 år, kr (genomsnitt)", socdw.UnitKrPerDay},
	"N33101": {"N33101", "Kostnad/vårddygn för familjehemsvård av barn och unga 0-20 år, kr (genomsnitt)", socdw.UnitKrPerDay},
	"N35025": {"N35025", "Kostnad institutionsvård vuxna missbrukare, kr/vårddygn", socdw.UnitKrPerDay},
}

// koladaAnswer is one page of a Kolada data answer (API v3, and v2 before
// it): values of {kpi, municipality, period, values: [{gender, value,
// count, status}]}, and next_url while more pages follow.
type koladaAnswer struct {
	Values  []koladaValue `json:"values"`
	NextURL *string       `json:"next_url"`
}

type koladaValue struct {
	KPI          string          `json:"kpi"`
	Municipality string          `json:"municipality"`
	Period       json.Number     `json:"period"`
	Values       []koladaGenderV `json:"values"`
}

type koladaGenderV struct {
	Gender string       `json:"gender"`
	Value  *json.Number `json:"value"` // null: Kolada has no value (not zero)
	Status string       `json:"status"`
}

// errNotKolada says a JSON file is not a Kolada data answer.
var errNotKolada = errors.New("a JSON file that is not a Kolada data answer (want {\"values\": [{\"kpi\", \"municipality\", \"period\", \"values\": [...]}]})")

// looksLikeJSON reports whether a file's first non-blank byte opens a
// JSON object: how a Kolada answer saved without its ending is known.
func looksLikeJSON(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	r := bufio.NewReader(f)
	for range 512 {
		c, err := r.ReadByte()
		if err != nil {
			return false
		}
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		case 0xEF, 0xBB, 0xBF: // a UTF-8 byte order mark
			continue
		}
		return c == '{'
	}
	return false
}

// kolada reads a saved Kolada answer: every value becomes a figure with
// its key figure, municipality and gender as dimensions, the year as its
// period and the municipality's name as its kommun. The numbers are read
// from their JSON text, never through a float.
func (x *reportFile) kolada(ctx context.Context) error {
	body, err := os.ReadFile(x.file)
	if err != nil {
		return &extract.Error{Ref: socdw.CellRef{File: x.file}, Err: err}
	}
	answer, err := parseKolada(body)
	if err != nil {
		return &extract.Error{Ref: socdw.CellRef{File: x.file}, Err: err}
	}
	n := 0
	for i, v := range answer.Values {
		if err := ctx.Err(); err != nil {
			return err
		}
		year, err := strconv.Atoi(v.Period.String())
		if err != nil || year < 1900 || year > 2200 {
			return &extract.Error{Ref: socdw.CellRef{File: x.file, Row: i + 1},
				Err: fmt.Errorf("values[%d].period is not a year", i)}
		}
		kommun, ok := socdw.KommunName(v.Municipality)
		if !ok {
			kommun = v.Municipality // a region or a group: kept under its code
		}
		kpi := KoladaKPIs[v.KPI]
		unit := kpi.Unit
		if unit == socdw.UnitNone {
			unit = socdw.UnitNumber // never assumed to be money
		}
		title := kpi.Title
		if title == "" {
			title = v.KPI
		}
		for j, g := range v.Values {
			if g.Value == nil {
				continue // no value in Kolada (status tells why): not a zero
			}
			ref := socdw.CellRef{File: x.file, Row: i + 1, Col: j + 1}
			amt, exact, err := koladaNumber(*g.Value)
			if err != nil {
				x.b.Rejects = append(x.b.Rejects, socdw.Reject{Ref: ref,
					Reason: fmt.Sprintf("values[%d].values[%d] (%s, %s, %s): %v", i, j, v.KPI, v.Municipality, g.Gender, err)})
				continue
			}
			x.b.Figures = append(x.b.Figures, socdw.Figure{
				Ref: ref, Period: socdw.Year(year), Subject: kommun, Measure: v.KPI + " " + title,
				Value: amt, Exact: exact, Unit: unit, Kommun: kommun,
				Dimensions: []socdw.Dimension{{Name: "kpi", Value: v.KPI}, {Name: "municipality", Value: v.Municipality}, {Name: "gender", Value: g.Gender}},
			})
			n++
		}
	}
	x.b.Tables = append(x.b.Tables, socdw.TableInfo{Ref: socdw.CellRef{File: x.file, Row: 1}, Title: "Kolada", Kind: "figures", Rows: n})
	return nil
}

// parseKolada decodes an answer, or several pages saved one after the
// other, keeping every number as its text.
func parseKolada(body []byte) (koladaAnswer, error) {
	dec := json.NewDecoder(bytes.NewReader(bytes.TrimPrefix(body, []byte("\xEF\xBB\xBF"))))
	dec.UseNumber()
	var all koladaAnswer
	pages := 0
	for {
		var page koladaAnswer
		err := dec.Decode(&page)
		if errors.Is(err, io.EOF) && pages > 0 {
			break
		}
		if err != nil {
			return all, fmt.Errorf("%w: %v", errNotKolada, err)
		}
		if page.Values == nil {
			return all, errNotKolada
		}
		for i, v := range page.Values {
			if v.KPI == "" || v.Municipality == "" || v.Period == "" {
				return all, fmt.Errorf("%w: values[%d] lacks kpi, municipality or period", errNotKolada, i)
			}
		}
		all.Values = append(all.Values, page.Values...)
		pages++
	}
	return all, nil
}

// koladaNumber reads a JSON number's text exactly: the value rounded to
// the two decimals the warehouse's value keeps, and, when Kolada gave more
// (a share of 21.88749 per cent), every decimal for the figure's
// value_exact, so nothing is rounded unseen.
func koladaNumber(n json.Number) (socdw.Amount, *socdw.Number, error) {
	num, err := socdw.ParseRawNumber(n.String())
	if err != nil {
		return 0, nil, err
	}
	amt, err := num.Scaled(socdw.UnitNone)
	if err != nil {
		return 0, nil, err
	}
	return amt, num.Fine(), nil
}
