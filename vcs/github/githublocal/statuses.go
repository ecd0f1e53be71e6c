package githublocal

import (
	"fmt"
	"net/http"
	"unicode/utf8"
)

// maxStatusDescription is GitHub's limit on a commit status's description.
const maxStatusDescription = 140

type newStatus struct {
	State       string  `json:"state"`
	TargetURL   *string `json:"target_url"`
	Description *string `json:"description"`
	Context     *string `json:"context"`
}

// createStatus is POST /repos/{owner}/{repo}/statuses/{sha}.
func (s *Server) createStatus(w http.ResponseWriter, r *http.Request, repo *repository) {
	sha := r.PathValue("sha")
	var in newStatus
	if !decodeBody(w, r, &in) {
		return
	}
	if !repo.commits[sha] {
		writeError(w, http.StatusUnprocessableEntity, "No commit found for SHA: "+sha)
		return
	}
	switch in.State {
	case "error", "failure", "pending", "success":
	default:
		validationFailed(w, fieldError{Resource: "Status", Field: "state", Code: "custom", Message: "state is not included in the list"})
		return
	}
	st := &status{state: in.State, ctx: "default", creator: caller(r), createdAt: s.now()}
	if in.Description != nil {
		if utf8.RuneCountInString(*in.Description) > maxStatusDescription {
			validationFailed(w, fieldError{Resource: "Status", Field: "description", Code: "custom",
				Message: fmt.Sprintf("description is too long (maximum is %d characters)", maxStatusDescription)})
			return
		}
		st.description = *in.Description
	}
	if in.TargetURL != nil {
		st.target = *in.TargetURL
	}
	if in.Context != nil && *in.Context != "" {
		st.ctx = *in.Context
	}
	s.nextID++
	st.id = s.nextID
	repo.statuses[sha] = append(repo.statuses[sha], st)
	u := urlsOf(r)
	j := statusJSON{
		URL: fmt.Sprintf("%s/repos/%s/statuses/%s", u.api, fullName(repo.owner, repo.name), sha),
		ID:  st.id, NodeID: fmt.Sprintf("SC_%d", st.id), State: st.state, Context: st.ctx,
		CreatedAt: timestamp(st.createdAt), UpdatedAt: timestamp(st.createdAt), Creator: u.user(st.creator),
	}
	if in.Description != nil {
		j.Description = &st.description
	}
	if in.TargetURL != nil {
		j.TargetURL = &st.target
	}
	writeJSON(w, http.StatusCreated, j)
}
