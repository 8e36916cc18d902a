// Package config reads and validates socdw.yaml: the warehouse, the
// published copy and the sources with their paths, schedules and defaults.
// Unknown keys and bad values are errors that name the key and line.
// It imports the root socdw package, yaml and cron (to check schedules).
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
	"go.yaml.in/yaml/v3"

	"github.com/socdw/socdw"
)

// Config is a parsed, validated configuration. Paths are absolute.
type Config struct {
	Path      string // the file it was read from
	Warehouse string // the DuckDB file
	Publish   string // optional read-only copy for readers
	KeyFile   string // optional file holding the pseudonym key
	// MaxUnzipBytes caps the sum of a workbook's inflated parts before it
	// is read (max_unzip_mb; default 0 = no cap: see docs/performance.md).
	MaxUnzipBytes int64
	// MaxDownloadBytes is the largest file an http(s) source may serve
	// (max_download_mb; default 1 GiB).
	MaxDownloadBytes int64
	// RunAtStart makes serve run every source once when it starts
	// (run_at_start), as serve --now does.
	RunAtStart bool
	Sources    []Source // in file order
	// Benchmark adds Kolada key figures to the built-in kpi_map of the
	// benchmark view (benchmark: in the config).
	Benchmark []socdw.KPIMapping
}

// Source is one configured inbox.
type Source struct {
	Name     string
	Kommun   string
	Path     string            // absolute file, directory or glob; or an http(s) URL
	Schedule string            // cron spec, Europe/Stockholm; "" = none
	Period   socdw.Period      // zero when not set
	Unit     socdw.Unit        // UnitNone when not set
	AsOf     time.Time         // zero = the day of the load
	Aliases  map[string]string // unit name as in the source -> canonical unit
	Forms    map[string]string // placement form label -> canonical form
	Costs    string            // "", "positive" or "negative": how the source prints costs
	// Mirror makes files that left the inbox leave the warehouse at the
	// next run (mirror: true).
	Mirror bool
	// ExpectFiles makes a run that finds no file a failure of the source
	// (expect_files: true); otherwise it is a warning.
	ExpectFiles bool
	// Columns correct what recognition makes of a column: header text or
	// column letter -> role (and unit).
	Columns map[string]socdw.ColumnOverride
}

// Error is a configuration problem at a key.
type Error struct {
	File  string
	Line  int
	Field string
	Err   error
}

func (e *Error) Error() string {
	loc := e.File
	if e.Line > 0 {
		loc = fmt.Sprintf("%s:%d", e.File, e.Line)
	}
	if e.Field != "" {
		return fmt.Sprintf("%s: %s: %v", loc, e.Field, e.Err)
	}
	return fmt.Sprintf("%s: %v", loc, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

var nameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

type rawConfig struct {
	Warehouse string      `yaml:"warehouse"`
	Publish   string      `yaml:"publish"`
	KeyFile   string      `yaml:"pseudonym_key_file"`
	MaxUnzip  *int64      `yaml:"max_unzip_mb"`
	MaxDown   *int64      `yaml:"max_download_mb"`
	AtStart   bool        `yaml:"run_at_start"`
	Sources   []rawSource `yaml:"sources"`
	Benchmark []rawKPI    `yaml:"benchmark"`
}

type rawKPI struct {
	KPI           string `yaml:"kpi"`
	TargetGroup   string `yaml:"target_group"`
	PlacementForm string `yaml:"placement_form"`
}

// kpiRE is a Kolada key figure id: a letter and five digits (N33100).
var kpiRE = regexp.MustCompile(`^[A-Z][0-9]{5}$`)

type rawSource struct {
	Name     string            `yaml:"name"`
	Kommun   string            `yaml:"kommun"`
	Path     string            `yaml:"path"`
	Schedule string            `yaml:"schedule"`
	Period   string            `yaml:"period"`
	Unit     string            `yaml:"unit"`
	AsOf     string            `yaml:"as_of"`
	Aliases  map[string]string `yaml:"aliases"`
	Forms    map[string]string `yaml:"forms"`
	Costs    string            `yaml:"costs"`
	Mirror   bool              `yaml:"mirror"`
	Expect   bool              `yaml:"expect_files"`
	Columns  yaml.Node         `yaml:"columns"`
	line     int
}

// Load reads and validates the config file at path.
func Load(path string) (*Config, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, &Error{File: path, Err: err}
	}
	b, err := os.ReadFile(abs)
	if err != nil {
		return nil, &Error{File: path, Err: err}
	}
	return Parse(abs, bytes.NewReader(b))
}

// Parse reads a config from r; file names the config for errors and is the
// base of relative paths.
func Parse(file string, r io.Reader) (*Config, error) {
	dec := yaml.NewDecoder(r)
	dec.KnownFields(true)
	var node yaml.Node
	if err := dec.Decode(&node); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &Error{File: file, Err: errors.New("the file is empty")}
		}
		return nil, yamlError(file, err)
	}
	var raw rawConfig
	if err := node.Decode(&raw); err != nil {
		return nil, yamlError(file, err)
	}
	// Decoding through a yaml.Node loses KnownFields; check keys by hand so
	// a typo such as "schedual:" never runs silently on defaults.
	if err := checkKeys(file, &node); err != nil {
		return nil, err
	}
	lines := sourceLines(&node)
	for i := range raw.Sources {
		if i < len(lines) {
			raw.Sources[i].line = lines[i]
		}
	}
	return raw.validate(file)
}

func yamlError(file string, err error) error {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "yaml: unmarshal errors:\n  ")
	msg = strings.TrimPrefix(msg, "yaml: ")
	return &Error{File: file, Err: errors.New(msg)}
}

var topKeys = map[string]bool{"warehouse": true, "publish": true, "pseudonym_key_file": true, "max_unzip_mb": true, "max_download_mb": true,
	"run_at_start": true, "sources": true, "benchmark": true}
var benchmarkKeys = map[string]bool{"kpi": true, "target_group": true, "placement_form": true}
var sourceKeys = map[string]bool{"name": true, "kommun": true, "path": true, "schedule": true, "period": true, "unit": true, "as_of": true, "aliases": true, "forms": true, "costs": true,
	"mirror": true, "expect_files": true, "columns": true}

func checkKeys(file string, doc *yaml.Node) error {
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return &Error{File: file, Err: errors.New("not a YAML document")}
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		return &Error{File: file, Line: top.Line, Err: errors.New("the top level must be a mapping of keys")}
	}
	for i := 0; i+1 < len(top.Content); i += 2 {
		k := top.Content[i]
		if !topKeys[k.Value] {
			return &Error{File: file, Line: k.Line, Field: k.Value, Err: errors.New("unknown key")}
		}
		if k.Value == "benchmark" && top.Content[i+1].Kind == yaml.SequenceNode {
			for _, b := range top.Content[i+1].Content {
				for j := 0; b.Kind == yaml.MappingNode && j+1 < len(b.Content); j += 2 {
					if bk := b.Content[j]; !benchmarkKeys[bk.Value] {
						return &Error{File: file, Line: bk.Line, Field: "benchmark[]." + bk.Value, Err: errors.New("unknown key")}
					}
				}
			}
		}
		if k.Value == "sources" && top.Content[i+1].Kind == yaml.SequenceNode {
			for _, s := range top.Content[i+1].Content {
				if s.Kind != yaml.MappingNode {
					return &Error{File: file, Line: s.Line, Field: "sources", Err: errors.New("each source must be a mapping")}
				}
				for j := 0; j+1 < len(s.Content); j += 2 {
					sk := s.Content[j]
					if !sourceKeys[sk.Value] {
						return &Error{File: file, Line: sk.Line, Field: "sources[]." + sk.Value, Err: errors.New("unknown key")}
					}
				}
			}
		}
	}
	return nil
}

func sourceLines(doc *yaml.Node) []int {
	top := doc.Content[0]
	for i := 0; i+1 < len(top.Content); i += 2 {
		if top.Content[i].Value == "sources" {
			var out []int
			for _, s := range top.Content[i+1].Content {
				out = append(out, s.Line)
			}
			return out
		}
	}
	return nil
}

func (raw *rawConfig) validate(file string) (*Config, error) {
	dir := filepath.Dir(file)
	c := &Config{Path: file, RunAtStart: raw.AtStart}
	if raw.Warehouse == "" {
		return nil, &Error{File: file, Field: "warehouse", Err: errors.New("missing: the path of the DuckDB file")}
	}
	c.Warehouse = resolve(dir, raw.Warehouse)
	if raw.Publish != "" {
		c.Publish = resolve(dir, raw.Publish)
		if c.Publish == c.Warehouse {
			return nil, &Error{File: file, Field: "publish", Err: errors.New("must not be the warehouse itself")}
		}
	}
	if raw.KeyFile != "" {
		c.KeyFile = resolve(dir, raw.KeyFile)
	}
	// No cap on the sum by default: a streaming reader needs none, and a
	// million-row workbook inflates past 512 MiB. Bombs are refused by
	// each part's inflate ratio and the reader's limits on what it holds.
	c.MaxUnzipBytes = 0
	if raw.MaxUnzip != nil {
		if *raw.MaxUnzip < 1 || *raw.MaxUnzip > 16<<10 {
			return nil, &Error{File: file, Field: "max_unzip_mb", Err: fmt.Errorf("%d: want 1 to 16384 (MiB)", *raw.MaxUnzip)}
		}
		c.MaxUnzipBytes = *raw.MaxUnzip << 20
	}
	c.MaxDownloadBytes = 1 << 30
	if raw.MaxDown != nil {
		if *raw.MaxDown < 1 || *raw.MaxDown > 64<<10 {
			return nil, &Error{File: file, Field: "max_download_mb", Err: fmt.Errorf("%d: want 1 to 65536 (MiB)", *raw.MaxDown)}
		}
		c.MaxDownloadBytes = *raw.MaxDown << 20
	}
	for i, rk := range raw.Benchmark {
		bad := func(k string, err error) error {
			return &Error{File: file, Field: fmt.Sprintf("benchmark[%d].%s", i, k), Err: err}
		}
		m := socdw.KPIMapping{KPI: strings.TrimSpace(rk.KPI), TargetGroup: strings.TrimSpace(rk.TargetGroup), PlacementForm: strings.TrimSpace(rk.PlacementForm)}
		switch {
		case !kpiRE.MatchString(m.KPI):
			return nil, bad("kpi", fmt.Errorf("%q: want a Kolada key figure id such as N33100", rk.KPI))
		case m.TargetGroup == "":
			return nil, bad("target_group", errors.New("missing: the target group as dygnskostnad names it (barn och unga)"))
		case m.PlacementForm == "":
			return nil, bad("placement_form", errors.New("missing: the placement form as dygnskostnad names it (HVB)"))
		}
		c.Benchmark = append(c.Benchmark, m)
	}
	seen := map[string]bool{}
	for i, rs := range raw.Sources {
		field := func(k string) string { return fmt.Sprintf("sources[%d].%s", i, k) }
		bad := func(k string, err error) error {
			return &Error{File: file, Line: rs.line, Field: field(k), Err: err}
		}
		if !nameRE.MatchString(rs.Name) {
			return nil, bad("name", fmt.Errorf("%q: want lower-case letters, digits and '-'", rs.Name))
		}
		if seen[rs.Name] {
			return nil, bad("name", fmt.Errorf("%q is used by two sources", rs.Name))
		}
		seen[rs.Name] = true
		s := Source{Name: rs.Name, Kommun: strings.TrimSpace(rs.Kommun), Schedule: strings.TrimSpace(rs.Schedule), Aliases: rs.Aliases, Forms: rs.Forms,
			Mirror: rs.Mirror, ExpectFiles: rs.Expect}
		if s.Kommun == "" {
			return nil, bad("kommun", errors.New("missing: the municipality the source reports for"))
		}
		if rs.Path == "" {
			return nil, bad("path", errors.New("missing: a file, a directory or a glob"))
		}
		if IsURL(rs.Path) {
			s.Path = rs.Path
		} else {
			s.Path = resolve(dir, rs.Path)
			if err := checkPath(s.Path); err != nil {
				return nil, bad("path", err)
			}
		}
		if s.Schedule != "" {
			if _, err := ParseSchedule(s.Schedule); err != nil {
				return nil, bad("schedule", fmt.Errorf("%q: %v", s.Schedule, err))
			}
		}
		if rs.Period != "" {
			p, err := socdw.ParsePeriod(rs.Period)
			if err != nil {
				return nil, bad("period", err)
			}
			s.Period = p
		}
		if rs.Unit != "" {
			u, err := socdw.ParseMoneyUnit(rs.Unit)
			if err != nil {
				return nil, bad("unit", err)
			}
			s.Unit = u
		}
		if rs.AsOf != "" {
			t, err := time.Parse(time.DateOnly, strings.TrimSpace(rs.AsOf))
			if err != nil {
				return nil, bad("as_of", fmt.Errorf("%q: want a date YYYY-MM-DD", rs.AsOf))
			}
			s.AsOf = t
		}
		switch rs.Costs {
		case "", "positive", "negative":
			s.Costs = rs.Costs
		default:
			return nil, bad("costs", fmt.Errorf("%q: want positive or negative", rs.Costs))
		}
		cols, err := parseColumns(file, field("columns"), &rs.Columns)
		if err != nil {
			return nil, err
		}
		s.Columns = cols
		c.Sources = append(c.Sources, s)
	}
	return c, nil
}

// parseColumns reads a source's `columns:` mapping: each key a header
// text or a column letter, each value a role (dimension, period, measure,
// identifier, note, ignore) or a mapping {role: measure, unit: …}. A bad
// role, unit or key is an error naming its line.
func parseColumns(file, field string, n *yaml.Node) (map[string]socdw.ColumnOverride, error) {
	if n.Kind == 0 {
		return nil, nil
	}
	if n.Kind != yaml.MappingNode {
		return nil, &Error{File: file, Line: n.Line, Field: field, Err: errors.New("want a mapping of header text or column letter to a role")}
	}
	out := map[string]socdw.ColumnOverride{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		key := strings.TrimSpace(k.Value)
		f := field + "." + key
		if key == "" {
			return nil, &Error{File: file, Line: k.Line, Field: field, Err: errors.New("an empty column name")}
		}
		var o socdw.ColumnOverride
		switch v.Kind {
		case yaml.ScalarNode:
			o.Role = strings.TrimSpace(v.Value)
		case yaml.MappingNode:
			for j := 0; j+1 < len(v.Content); j += 2 {
				kk, vv := v.Content[j], v.Content[j+1]
				switch kk.Value {
				case "role":
					o.Role = strings.TrimSpace(vv.Value)
				case "unit":
					u, err := socdw.ParseValueUnit(vv.Value)
					if err != nil {
						return nil, &Error{File: file, Line: vv.Line, Field: f + ".unit", Err: err}
					}
					o.Unit = u
				default:
					return nil, &Error{File: file, Line: kk.Line, Field: f + "." + kk.Value, Err: errors.New("unknown key: want role and unit")}
				}
			}
		default:
			return nil, &Error{File: file, Line: v.Line, Field: f, Err: errors.New("want a role or {role: …, unit: …}")}
		}
		switch o.Role {
		case socdw.RoleDimension, socdw.RolePeriod, socdw.RoleMeasure, socdw.RoleIdentifier, socdw.RoleNote, socdw.RoleIgnore:
		case "":
			if o.Unit == socdw.UnitNone {
				return nil, &Error{File: file, Line: v.Line, Field: f, Err: errors.New("no role")}
			}
			o.Role = socdw.RoleMeasure // a unit alone says a measure
		default:
			return nil, &Error{File: file, Line: v.Line, Field: f, Err: fmt.Errorf("role %q: want dimension, period, measure, identifier, note or ignore", o.Role)}
		}
		if o.Unit != socdw.UnitNone && o.Role != socdw.RoleMeasure {
			return nil, &Error{File: file, Line: v.Line, Field: f, Err: fmt.Errorf("a unit is for a measure, not a %s", o.Role)}
		}
		out[key] = o
	}
	return out, nil
}

// ParseSchedule parses a five-field cron spec or a descriptor such as
// @daily or @every 10m.
func ParseSchedule(spec string) (cron.Schedule, error) {
	p := cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)
	return p.Parse(spec)
}

// IsURL reports whether a source path is an http(s) URL.
func IsURL(p string) bool {
	return strings.HasPrefix(p, "http://") || strings.HasPrefix(p, "https://")
}

func resolve(dir, p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(dir, p)
}

// checkPath checks what the config itself says of a path: a glob must be
// well formed. Whether the path exists is a question for the run (a share
// may be unmounted now and back tonight): a missing path fails its source
// then, and sql, status and serve still start.
func checkPath(p string) error {
	if strings.ContainsAny(p, "*?[") {
		if _, err := filepath.Match(p, ""); err != nil {
			return fmt.Errorf("%q: bad glob: %v", p, err)
		}
	}
	return nil
}

// Source returns the source called name.
func (c *Config) Source(name string) (Source, bool) {
	for _, s := range c.Sources {
		if s.Name == name {
			return s, true
		}
	}
	return Source{}, false
}
