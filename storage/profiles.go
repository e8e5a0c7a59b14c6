package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"redline/planner"
	"redline/seeds"
)

// SaveProfile stores a custom profile, replacing a stored one with the same
// id. It must resolve — on a built-in profile or another stored one — and may
// not take the id of a built-in profile.
func (s *Store) SaveProfile(ctx context.Context, f *planner.ProfileFile) error {
	if f == nil {
		return errors.New("save profile: no profile")
	}
	op := "save profile " + f.ID
	if err := s.writable(op); err != nil {
		return err
	}
	if !planner.ValidID(f.ID) {
		return fmt.Errorf("%s: the id %q is not valid; an id is 1–64 characters from A–Z a–z 0–9 . _ -", op, f.ID)
	}
	if _, builtIn := seeds.Profiles()[f.ID]; builtIn {
		return fmt.Errorf("%s: %q is a built-in profile and cannot be replaced; save it under another id with base %q",
			op, f.ID, f.ID)
	}
	g := *f
	if g.Format == "" {
		g.Format = planner.ProfileFormat
	}
	if g.Format != planner.ProfileFormat {
		return fmt.Errorf("%s: format %q; want %q", op, g.Format, planner.ProfileFormat)
	}
	tx, err := s.beginProfiles(ctx)
	if err != nil {
		return s.writeError(op, err)
	}
	defer tx.Rollback()
	// Resolve under the write lock, against what is stored now: a profile
	// that does not resolve is never stored.
	stored, err := s.readProfiles(ctx, tx)
	if err != nil {
		return s.writeError(op, err)
	}
	stored = slices.DeleteFunc(stored, func(p *planner.ProfileFile) bool { return p.ID == g.ID })
	if _, err := planner.ResolveProfile(&g, resolveAll(stored)); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if err := s.writeProfile(ctx, tx, &g); err != nil {
		return s.writeError(op, err)
	}
	return s.writeError(op, s.commit(tx))
}

// beginProfiles starts a write transaction that changes profiles. Saving one
// resolves it against all the others, so on PostgreSQL the transactions
// that change profiles take one lock and run one at a time, as SQLite's
// writer does.
func (s *Store) beginProfiles(ctx context.Context) (*txn, error) {
	tx, err := s.beginWrite(ctx)
	if err != nil || !s.pg {
		return tx, err
	}
	if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(?, hashtext(current_schema()))", profilesLock); err != nil {
		tx.Rollback()
		return nil, err
	}
	return tx, nil
}

func (s *Store) writeProfile(ctx context.Context, tx *txn, f *planner.ProfileFile) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM profiles WHERE id = ?", f.ID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO profiles (id, format, title, base, updated_at) VALUES (?, ?, ?, ?, ?)",
		f.ID, f.Format, f.Title, nullString(f.Base), s.now().UTC().UnixNano()); err != nil {
		return err
	}
	for _, name := range slices.Sorted(maps.Keys(f.Params)) {
		var number any
		var codes []string
		switch v := f.Params[name].(type) {
		case []string:
			codes = v
		case float64:
			number = v
		case int:
			number = float64(v)
		default:
			return fmt.Errorf("parameter %s: cannot store a %T", name, v)
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO profile_params (profile, name, number) VALUES (?, ?, ?)",
			f.ID, name, number); err != nil {
			return err
		}
		for i, code := range codes {
			if _, err := tx.ExecContext(ctx, "INSERT INTO profile_param_codes (profile, name, position, code) VALUES (?, ?, ?, ?)",
				f.ID, name, i, code); err != nil {
				return err
			}
		}
	}
	for _, rule := range slices.Sorted(maps.Keys(f.Severity)) {
		if _, err := tx.ExecContext(ctx, "INSERT INTO profile_severities (profile, rule, severity) VALUES (?, ?, ?)",
			f.ID, rule, string(f.Severity[rule])); err != nil {
			return err
		}
	}
	for _, param := range slices.Sorted(maps.Keys(f.Sources)) {
		if _, err := tx.ExecContext(ctx, "INSERT INTO profile_source_params (profile, param) VALUES (?, ?)", f.ID, param); err != nil {
			return err
		}
		for i, src := range f.Sources[param] {
			if _, err := tx.ExecContext(ctx, "INSERT INTO profile_sources (profile, param, position, source) VALUES (?, ?, ?, ?)",
				f.ID, param, i, src); err != nil {
				return err
			}
		}
	}
	for _, param := range slices.Sorted(maps.Keys(f.Assumptions)) {
		if _, err := tx.ExecContext(ctx, "INSERT INTO profile_assumptions (profile, param, text) VALUES (?, ?, ?)",
			f.ID, param, f.Assumptions[param]); err != nil {
			return err
		}
	}
	return nil
}

// Profiles returns the stored custom profiles, by id. The built-in ones are
// seeds.Profiles().
func (s *Store) Profiles(ctx context.Context) ([]*planner.ProfileFile, error) {
	tx, err := s.beginRead(ctx)
	if err != nil {
		return nil, s.opError("list profiles", err)
	}
	defer tx.Rollback()
	out, err := s.readProfiles(ctx, tx)
	return out, s.opError("list profiles", err)
}

// DeleteProfile deletes a stored profile. One that another stored profile
// builds on is refused; plans that name it fall back to the default profile.
func (s *Store) DeleteProfile(ctx context.Context, id string) error {
	op := "delete profile " + id
	if err := s.writable(op); err != nil {
		return err
	}
	if _, builtIn := seeds.Profiles()[id]; builtIn {
		return fmt.Errorf("%s: %q is a built-in profile and cannot be deleted", op, id)
	}
	tx, err := s.beginProfiles(ctx)
	if err != nil {
		return s.writeError(op, err)
	}
	defer tx.Rollback()
	users, err := queryStrings(ctx, tx, "SELECT id FROM profiles WHERE base = ? ORDER BY id", id)
	if err != nil {
		return s.writeError(op, err)
	}
	if len(users) > 0 {
		return fmt.Errorf("%s: the profiles %s build on it; delete or rebase them first", op, strings.Join(users, ", "))
	}
	res, err := tx.ExecContext(ctx, "DELETE FROM profiles WHERE id = ?", id)
	if err != nil {
		return s.writeError(op, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("profile %s: %w", id, ErrNotFound)
	}
	return s.writeError(op, s.commit(tx))
}

// ResolveProfile returns the resolved profile id: a built-in one first, else
// a stored one applied on its base.
func (s *Store) ResolveProfile(ctx context.Context, id string) (*planner.Profile, error) {
	if p, ok := seeds.Profiles()[id]; ok {
		return p, nil
	}
	stored, err := s.Profiles(ctx)
	if err != nil {
		return nil, err
	}
	return resolveStored(id, stored)
}

// resolveStored resolves the stored profile id; an error wrapping
// ErrNotFound when it is not among stored.
func resolveStored(id string, stored []*planner.ProfileFile) (*planner.Profile, error) {
	found := slices.ContainsFunc(stored, func(f *planner.ProfileFile) bool { return f.ID == id })
	if !found {
		return nil, fmt.Errorf("profile %s: %w", id, ErrNotFound)
	}
	all := resolveAll(stored)
	if p, ok := all[id]; ok {
		return p, nil
	}
	// Stored profiles resolve when saved; one whose base has since gone
	// is reported, not guessed at.
	for _, f := range stored {
		if f.ID == id {
			if _, err := planner.ResolveProfile(f, all); err != nil {
				return nil, fmt.Errorf("profile %s: %w", id, err)
			}
		}
	}
	return nil, fmt.Errorf("profile %s does not resolve", id)
}

// ResolvePlanProfile is the profile a plan that names the profile id is
// checked against — by the app, by redlinectl and by SavePlan's counts. In
// order of precedence:
//
//  1. file, when not nil: a redline-profile/v1 file given for this check
//     (redlinectl --profile FILE) stands in for the one the plan names. Its
//     base may be a built-in profile or, with a store, a stored one. It may
//     not take a built-in profile's id; it may take a stored one's (it is
//     then a newer version of that profile, as SaveProfile would take it).
//     A file that does not resolve is the loader's *planner.FormatError.
//  2. the built-in profile id ("" is planner.DefaultProfile);
//  3. the profile id stored in s, when s is not nil (a plan read from a
//     file has no store to look in).
//
// A profile that is none of these is a *ProfileNotFoundError (ErrNotFound).
// The app and SavePlan's counts then use the default profile, as they
// always have; redlinectl refuses, so that a script never passes a plan
// against rules it did not ask for.
func ResolvePlanProfile(ctx context.Context, s *Store, id string, file *planner.ProfileFile) (*planner.Profile, error) {
	builtIn := seeds.Profiles()
	if id == "" {
		id = planner.DefaultProfile
	}
	if p, ok := builtIn[id]; ok && file == nil {
		return p, nil // no need to read the store
	}
	var stored []*planner.ProfileFile
	if s != nil {
		var err error
		if stored, err = s.Profiles(ctx); err != nil {
			return nil, err
		}
	}
	if file != nil {
		bases := builtIn
		if len(stored) > 0 {
			bases = resolveAll(slices.DeleteFunc(stored, func(f *planner.ProfileFile) bool { return f.ID == file.ID }))
		}
		return planner.ResolveProfile(file, bases)
	}
	p, err := resolveStored(id, stored)
	if errors.Is(err, ErrNotFound) {
		nf := &ProfileNotFoundError{ID: id, BuiltIn: slices.Sorted(maps.Keys(builtIn))}
		if s != nil {
			nf.Store = s.path
			for _, f := range stored {
				nf.Stored = append(nf.Stored, f.ID)
			}
		}
		return nil, nf
	}
	return p, err
}

// ProfileNotFoundError says that a plan names a profile that is neither
// built in nor stored. errors.Is(err, ErrNotFound) is true of it.
type ProfileNotFoundError struct {
	ID      string   // the profile the plan names
	BuiltIn []string // the built-in profiles' ids
	// Store is the store that was looked in, "" when none was; Stored are
	// the ids of the profiles it holds.
	Store  string
	Stored []string
}

func (e *ProfileNotFoundError) Error() string {
	if e.Store == "" {
		return fmt.Sprintf("profile: the plan names profile %q, which is not built in (built in: %s)",
			e.ID, strings.Join(e.BuiltIn, ", "))
	}
	stored := "none"
	if len(e.Stored) > 0 {
		stored = strings.Join(e.Stored, ", ")
	}
	return fmt.Sprintf("profile: the plan names profile %q, which is neither built in (built in: %s) nor stored in %s (stored: %s)",
		e.ID, strings.Join(e.BuiltIn, ", "), e.Store, stored)
}

// Is makes errors.Is(err, ErrNotFound) true.
func (e *ProfileNotFoundError) Is(target error) bool { return target == ErrNotFound }

// profileFor is the profile a plan is checked against when saved: its own,
// or the default one when the plan names a profile that is not there.
func (s *Store) profileFor(ctx context.Context, id string) (*planner.Profile, error) {
	p, err := ResolvePlanProfile(ctx, s, id, nil)
	if err == nil {
		return p, nil
	}
	var oe *OpError
	if errors.As(err, &oe) {
		return nil, err // the database failed, not the profile
	}
	return seeds.DefaultProfile(), nil
}

// resolveAll resolves stored profiles on the built-in ones and on each
// other, in as many rounds as chains are deep. Those that do not resolve are
// left out.
func resolveAll(stored []*planner.ProfileFile) map[string]*planner.Profile {
	all := maps.Clone(seeds.Profiles())
	pending := stored
	for len(pending) > 0 {
		var next []*planner.ProfileFile
		for _, f := range pending {
			if _, ok := all[f.Base]; f.Base != "" && !ok {
				next = append(next, f)
				continue
			}
			if p, err := planner.ResolveProfile(f, all); err == nil {
				all[f.ID] = p
			}
		}
		if len(next) == len(pending) {
			break
		}
		pending = next
	}
	return all
}

// readProfiles reads every stored profile, by id.
func (s *Store) readProfiles(ctx context.Context, tx *txn) ([]*planner.ProfileFile, error) {
	byID := map[string]*planner.ProfileFile{}
	var out []*planner.ProfileFile
	rows, err := tx.QueryContext(ctx, "SELECT id, format, title, base FROM profiles ORDER BY id")
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		f := &planner.ProfileFile{}
		var base sql.NullString
		if err := rows.Scan(&f.ID, &f.Format, &f.Title, &base); err != nil {
			rows.Close()
			return nil, err
		}
		f.Base = base.String
		byID[f.ID] = f
		out = append(out, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	err = eachRow(ctx, tx, "SELECT profile, name, number FROM profile_params ORDER BY profile, name", func(rows *sql.Rows) error {
		var id, name string
		var number sql.NullFloat64
		if err := rows.Scan(&id, &name, &number); err != nil {
			return err
		}
		f := byID[id]
		if f.Params == nil {
			f.Params = map[string]any{}
		}
		if number.Valid {
			f.Params[name] = number.Float64
		} else {
			f.Params[name] = []string{}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(ctx, tx, "SELECT profile, name, code FROM profile_param_codes ORDER BY profile, name, position", func(rows *sql.Rows) error {
		var id, name, code string
		if err := rows.Scan(&id, &name, &code); err != nil {
			return err
		}
		f := byID[id]
		f.Params[name] = append(f.Params[name].([]string), code)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(ctx, tx, "SELECT profile, rule, severity FROM profile_severities ORDER BY profile, rule", func(rows *sql.Rows) error {
		var id, rule, sev string
		if err := rows.Scan(&id, &rule, &sev); err != nil {
			return err
		}
		f := byID[id]
		if f.Severity == nil {
			f.Severity = map[string]planner.Severity{}
		}
		f.Severity[rule] = planner.Severity(sev)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(ctx, tx, "SELECT profile, param FROM profile_source_params ORDER BY profile, param", func(rows *sql.Rows) error {
		var id, param string
		if err := rows.Scan(&id, &param); err != nil {
			return err
		}
		f := byID[id]
		if f.Sources == nil {
			f.Sources = map[string][]string{}
		}
		f.Sources[param] = []string{}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(ctx, tx, "SELECT profile, param, source FROM profile_sources ORDER BY profile, param, position", func(rows *sql.Rows) error {
		var id, param, src string
		if err := rows.Scan(&id, &param, &src); err != nil {
			return err
		}
		f := byID[id]
		f.Sources[param] = append(f.Sources[param], src)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(ctx, tx, "SELECT profile, param, text FROM profile_assumptions ORDER BY profile, param", func(rows *sql.Rows) error {
		var id, param, text string
		if err := rows.Scan(&id, &param, &text); err != nil {
			return err
		}
		f := byID[id]
		if f.Assumptions == nil {
			f.Assumptions = map[string]string{}
		}
		f.Assumptions[param] = text
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// eachRow runs query in tx and calls scan for every row.
func eachRow(ctx context.Context, tx *txn, query string, scan func(*sql.Rows) error, args ...any) error {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
