/**
 * Seed words and two-word phrases for the default taxonomy, in English, Spanish, French, German and
 * Portuguese. They become shared per-reason features (features/seed-lexicon.ts) and short training
 * examples, so vocabulary the corpus shows rarely, in any of the five languages, still points the right way.
 */
import type { ReasonCode } from '../taxonomy.ts';

export const DEFAULT_SEED_PHRASES: Record<ReasonCode, readonly string[]> = {
  too_expensive: [
    'expensive', 'pricey', 'overpriced', 'price', 'pricing', 'cost', 'costly', 'afford', 'affordable', 'budget',
    'money', 'fee', 'fees', 'cheaper', 'price increase', 'too much', 'not worth', 'caro', 'precio', 'dinero',
    'presupuesto', 'costoso', 'cher', 'prix', 'tarif', 'coût', 'argent', 'onéreux', 'teuer', 'Preis', 'Kosten',
    'Geld', 'leisten', 'Preiserhöhung', 'preço', 'dinheiro', 'orçamento', 'custo', 'mensalidade', '$', '€', '💸',
  ],
  missing_features: [
    'feature', 'features', 'functionality', 'missing', 'lacks', 'lacking', 'integration', 'integrate', 'export',
    'option', 'wish', 'roadmap', 'no option', 'no way', 'needs to', 'función', 'funcionalidad', 'falta',
    'integración', 'opción', 'fonctionnalité', 'manque', 'intégration', 'Funktion', 'Funktionen', 'fehlt',
    'Integration', 'Schnittstelle', 'funcionalidade', 'recurso', 'integração', 'opção',
  ],
  switched_service: [
    'switched', 'switching', 'switch', 'competitor', 'alternative', 'moved to', 'went with', 'replaced',
    'in-house', 'migrated', 'another provider', 'another tool', 'cambié', 'cambiamos', 'competencia',
    'alternativa', 'otro proveedor', 'passé', 'concurrent', 'alternative', 'autre fournisseur', 'gewechselt',
    'Wechsel', 'Konkurrenz', 'Anbieter', 'umgestiegen', 'mudei', 'mudamos', 'concorrente', 'outro serviço',
  ],
  unused: [
    'anymore', 'rarely', 'seldom', 'forgot', 'seasonal', 'busy', 'no time', 'no longer', "don't use",
    'not using', 'never used', 'barely', 'unused', 'uso', 'tiempo', 'olvidé', 'ya no', 'utilise', 'temps',
    'oublié', 'plus besoin', 'nutze', 'Zeit', 'vergessen', 'brauche', 'nicht mehr', 'uso', 'tempo', 'esqueci',
    'não uso', 'não preciso',
  ],
  customer_service: [
    'support', 'customer service', 'agent', 'rude', 'unhelpful', 'respond', 'response', 'reply', 'ticket',
    'refund', 'no answer', 'nobody', 'hold', 'soporte', 'atención', 'respuesta', 'reembolso', 'nadie',
    'service client', 'réponse', 'remboursement', 'personne', 'conseiller', 'Kundenservice', 'Kundendienst',
    'Support', 'Hotline', 'Antwort', 'niemand', 'suporte', 'atendimento', 'resposta', 'reembolso', 'ninguém',
  ],
  too_complex: [
    'complicated', 'complex', 'confusing', 'difficult', 'hard to', 'learning curve', 'intuitive', 'setup',
    'figure out', 'overwhelming', 'clunky', 'steps', 'complicado', 'difícil', 'confuso', 'compliqué',
    'difficile', 'complexe', 'compliquée', 'kompliziert', 'schwierig', 'unübersichtlich', 'umständlich',
    'complicado', 'difícil', 'confuso', 'complexo',
  ],
  low_quality: [
    'bug', 'bugs', 'buggy', 'crash', 'crashes', 'crashing', 'slow', 'broken', 'outage', 'outages', 'glitch',
    'glitchy', 'quality', 'error', 'errors', 'unreliable', 'lag', 'laggy', 'downtime', 'fallo', 'error', 'lento',
    'calidad', 'se cae', 'bug', 'lent', 'plante', 'qualité', 'panne', 'Fehler', 'langsam', 'abstürzt', 'Qualität',
    'Absturz', 'erro', 'lento', 'trava', 'qualidade', 'falha',
  ],
  other: [
    'personal reasons', 'no comment', 'prefer not', 'rather not', 'no reason', 'personal', 'privado',
    'personnel', 'privé', 'persönlich', 'pessoal', 'privada',
  ],
};
