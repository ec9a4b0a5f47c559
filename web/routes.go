package web

import "net/http"

// routes lists every route of the server.
func (s *Server) routes() {
	s.mux.Handle("GET /static/", staticFiles())
	s.mux.HandleFunc("GET /healthz", s.handleHealth)

	s.mux.HandleFunc("GET /{$}", s.handleHome)
	s.mux.HandleFunc("GET /buyers/{id}", s.handleOverview)
	s.mux.HandleFunc("GET /buyers/{id}/geography", s.handleGeography)
	s.mux.HandleFunc("GET /buyers/{id}/business-types", s.handleTypes)
	s.mux.HandleFunc("GET /buyers/{id}/sectors", s.handleSectors)
	s.mux.HandleFunc("GET /buyers/{id}/lm3", s.handleLM3)
	s.mux.HandleFunc("GET /buyers/{id}/report", s.handleReport)
	s.mux.HandleFunc("GET /buyers/{id}/report.pdf", s.handleReportPDF)
	s.mux.HandleFunc("GET /buyers/{id}/lines", s.handleLines)
	s.mux.HandleFunc("GET /buyers/{id}/suppliers", s.handleSuppliers)
	s.mux.HandleFunc("GET /buyers/{id}/suppliers/{sid}", s.handleSupplier)
	s.mux.HandleFunc("POST /buyers/{id}/payees/{pid}/override", s.handleOverride)
	s.mux.HandleFunc("GET /buyers/{id}/export/{file}", s.handleExport)
	s.mux.HandleFunc("GET /buyers/{id}/survey.xlsx", s.handleSurveyTemplate)

	s.mux.HandleFunc("GET /api/v1/openapi.json", s.apiOpenAPI)
	s.mux.HandleFunc("GET /api/v1/buyers", s.apiBuyers)
	s.mux.HandleFunc("GET /api/v1/buyers/{id}/analysis", s.apiAnalysis)
	s.mux.HandleFunc("GET /api/v1/buyers/{id}/indicators", s.apiAnalysis)
	s.mux.HandleFunc("GET /api/v1/buyers/{id}/lm3", s.apiLM3)
	s.mux.HandleFunc("GET /api/v1/buyers/{id}/years", s.apiYears)
	s.mux.HandleFunc("GET /api/v1/buyers/{id}/lines", s.apiLines)
	s.mux.HandleFunc("GET /api/v1/buyers/{id}/suppliers", s.apiSuppliers)
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}
