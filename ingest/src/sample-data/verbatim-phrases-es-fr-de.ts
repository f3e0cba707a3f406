/**
 * Spanish, French and German phrase material: a smaller bank than English, for the share of customers
 * in ES/MX, FR and DE/AT/CH who answer in their own language. Same template syntax as the English bank;
 * only `themeClauses` may mention AI (IA / KI) or an assistant.
 */
import type { ReasonCode } from '@churnlens/models';

export type ForeignLanguage = 'es' | 'fr' | 'de';

export interface ForeignPhraseBank {
  clauses: Readonly<Record<ReasonCode, readonly string[]>>;
  openers: readonly string[];
  closers: readonly string[];
  greetings: readonly string[];
  features: readonly string[];
  periods: readonly string[];
  themeClauses: readonly string[];
}

const SPANISH: ForeignPhraseBank = {
  clauses: {
    too_expensive: [
      '[es|está] [demasiado caro|muy caro|carísimo][| para nosotros| para lo que uso]',
      'no [puedo|podemos] pagar {price} al mes',
      '[subieron|han subido] el precio [otra vez|de nuevo|sin avisar]',
      '[recortes|recorte] de presupuesto en la empresa',
      'hay opciones más baratas',
      'no vale {price} al mes',
    ],
    missing_features: [
      '[falta|le falta|no tiene] {feature}',
      '[necesitamos|necesito] {feature} y no lo tienen',
      '[faltan|le faltan] funciones [básicas|importantes]',
      'no se puede integrar con [nuestro CRM|nuestra contabilidad]',
    ],
    switched_service: [
      '[nos cambiamos|me cambio|nos pasamos] a {competitor}',
      '[encontramos|encontré] una alternativa [mejor|más barata]',
      'la empresa [usa|eligió] {competitor}',
    ],
    unused: [
      '[ya no lo uso|no lo uso|casi no lo uso][| nada| mucho]',
      '[el proyecto|el contrato] [terminó|se acabó]',
      'no tengo tiempo[| para usarlo]',
      '[ya no lo necesito|no lo necesito más]',
    ],
    customer_service: [
      '[el soporte|la atención al cliente] [es pésimo|es muy lento|no responde|no ayuda]',
      'nadie [responde|contestó] [mis correos|mi ticket] desde hace {period}',
      '[no hay|no tienen] soporte en español',
    ],
    too_complex: [
      '[es|resulta] [muy complicado|demasiado complejo|difícil de usar]',
      'no [entiendo|logro entender] cómo [funciona|configurarlo]',
      '[mi equipo|el equipo] no lo [usa|adopta]',
    ],
    low_quality: [
      '[muchos|demasiados] [errores|fallos]',
      '[la aplicación|la app] [se cae|es muy lenta|no funciona bien]',
      '[perdimos|perdí] datos [por un fallo|con la última actualización]',
    ],
    other: [
      '[motivos|razones] personales',
      '[cierro|cerramos] el negocio',
      'me [mudo|voy] al extranjero',
      '[nada|ninguno|n/a]',
    ],
  },
  openers: ['Hola,', 'La verdad,', 'Lo siento pero', 'Sinceramente,', 'Básicamente'],
  closers: ['Gracias.', 'Saludos.', 'Un saludo.', 'Gracias por todo.', 'Quizás vuelva.'],
  greetings: ['Hola,', 'Buenos días,', 'Estimado equipo,'],
  features: [
    'la integración con Slack',
    'informes avanzados',
    'una app móvil',
    'facturación',
    'exportar a Excel',
  ],
  periods: ['dos semanas', 'un mes', 'varios días', 'semanas'],
  themeClauses: [
    'el nuevo asistente de IA [no sirve|es un desastre|molesta mucho]',
    'no puedo desactivar la IA',
    'la IA [cambia|modifica] mis [tareas|datos] sin permiso',
  ],
};

const FRENCH: ForeignPhraseBank = {
  clauses: {
    too_expensive: [
      "c'est [trop cher|beaucoup trop cher|vraiment trop cher][| pour nous| pour ce que j'utilise]",
      'je ne peux plus payer {price} par mois',
      '[le prix a augmenté|les prix ont augmenté] [encore|à nouveau|sans prévenir]',
      '[restrictions|coupes] budgétaires',
      '[trop cher|hors budget] pour une petite [entreprise|structure]',
    ],
    missing_features: [
      'il manque {feature}',
      'pas de {feature}[| et on en a besoin]',
      '[fonctionnalités|options] trop limitées',
      "impossible de l'intégrer à [notre CRM|notre compta]",
    ],
    switched_service: [
      '[on passe|je passe|nous passons] à {competitor}',
      'on a trouvé une alternative [meilleure|moins chère]',
      '[la direction|le siège] impose {competitor}',
    ],
    unused: [
      "je ne l'utilise [plus|presque plus|pas assez]",
      '[le projet est terminé|la mission est terminée]',
      "[pas le temps|plus le temps] de l'utiliser",
      "[plus besoin|on n'en a plus besoin|ça ne nous sert plus]",
    ],
    customer_service: [
      '[le support|le service client] [ne répond pas|est trop lent|est inexistant]',
      '[aucune réponse|pas de réponse] à mes [mails|tickets] depuis {period}',
      'pas de support en français',
    ],
    too_complex: [
      '[trop compliqué|trop complexe|pas intuitif][| à utiliser| pour mon équipe]',
      "[impossible de|je n'arrive pas à] [configurer|comprendre] [l'outil|le logiciel]",
    ],
    low_quality: [
      '[trop de bugs|beaucoup de bugs|plein de bugs]',
      "[l'application|l'appli] [plante|est très lente|ne marche pas]",
      '[perte de données|on a perdu des données] après la mise à jour',
    ],
    other: [
      'raisons personnelles',
      "[fermeture|cessation] de [l'entreprise|l'activité]",
      '[je déménage|départ] à l’étranger',
      '[rien|aucune|n/a]',
    ],
  },
  openers: ['Bonjour,', 'Honnêtement,', 'Désolé mais', 'En fait,', 'Pour faire simple,'],
  closers: ['Merci.', 'Cordialement.', 'Bonne continuation.', 'Merci pour tout.', 'Peut-être plus tard.'],
  greetings: ['Bonjour,', 'Madame, Monsieur,', "Bonjour l'équipe,"],
  features: ["l'intégration Slack", 'rapports avancés', 'application mobile', 'facturation', 'export Excel'],
  periods: ['deux semaines', 'un mois', 'plusieurs jours', 'des semaines'],
  themeClauses: [
    'le nouvel assistant IA [est insupportable|ne sert à rien|est envahissant]',
    "impossible de désactiver [cette IA|la fonction IA|l'assistant IA]",
    '[cette IA|la nouvelle IA] [modifie|réécrit] mes [tâches|notes] sans demander',
  ],
};

const GERMAN: ForeignPhraseBank = {
  clauses: {
    too_expensive: [
      '[zu teuer|viel zu teuer|einfach zu teuer][| für uns| für das, was wir nutzen]',
      '{price} im Monat [können wir uns nicht leisten|ist zu viel]',
      '[die Preiserhöhung|der neue Preis] ist [zu hoch|nicht akzeptabel]',
      '[Budgetkürzungen|Sparmaßnahmen] [im Unternehmen|bei uns]',
      'es gibt günstigere Alternativen',
    ],
    missing_features: [
      '{feature} fehlt[| leider| immer noch]',
      '[zu wenige|fehlende] Funktionen',
      'keine Datenspeicherung in der EU',
      'keine Anbindung an [unser CRM|unsere Buchhaltung|DATEV]',
    ],
    switched_service: [
      '[wir wechseln|ich wechsle|Wechsel] zu {competitor}',
      'wir haben eine [bessere|günstigere] Alternative gefunden',
      '[die Geschäftsführung|die IT|der Konzern] [nutzt|will] {competitor}',
    ],
    unused: [
      '[ich nutze es|wir nutzen es] [nicht mehr|kaum noch|zu selten]',
      '[das Projekt|der Auftrag] ist [beendet|abgeschlossen|vorbei]',
      'keine Zeit[| dafür]',
      '[brauchen|brauche] es nicht mehr',
    ],
    customer_service: [
      '[der Support|der Kundenservice] [antwortet nicht|ist zu langsam|ist eine Katastrophe]',
      '[keine Antwort|niemand antwortet] auf meine [Tickets|E-Mails] seit {period}',
      'kein Support auf Deutsch',
    ],
    too_complex: [
      '[zu kompliziert|zu komplex|nicht intuitiv][| für unser Team]',
      '[die Einrichtung|das Setup] ist [zu aufwendig|zu kompliziert]',
      '[das Team|meine Mitarbeiter] [nutzt es nicht|kommt damit nicht klar]',
    ],
    low_quality: [
      '[zu viele|ständig] [Fehler|Bugs|Abstürze]',
      '[die App|die Anwendung] ist [sehr langsam|instabil|ständig offline]',
      '[Datenverlust|wir haben Daten verloren] nach dem [Update|letzten Update]',
    ],
    other: [
      '[persönliche|private] Gründe',
      '[Geschäftsaufgabe|wir schließen das Geschäft|Firma wird aufgelöst]',
      '[Umzug|ich ziehe] ins Ausland',
      '[nichts|keine Angabe|-]',
    ],
  },
  openers: ['Hallo,', 'Ehrlich gesagt', 'Leider', 'Kurz gesagt:', 'Guten Tag,'],
  closers: ['Danke.', 'Viele Grüße.', 'Mfg', 'Danke für alles.', 'Vielleicht später wieder.'],
  greetings: ['Hallo,', 'Guten Tag,', 'Sehr geehrte Damen und Herren,'],
  features: [
    'die Slack-Integration',
    'ein vernünftiges Reporting',
    'eine mobile App',
    'der Excel-Export',
    'Zeiterfassung',
  ],
  periods: ['zwei Wochen', 'einem Monat', 'Tagen', 'Wochen'],
  themeClauses: [
    'der neue KI-Assistent [nervt|ist unbrauchbar|stört nur]',
    'die KI-Funktionen lassen sich nicht abschalten',
    'der KI-Assistent [überschreibt|ändert] meine [Aufgaben|Daten]',
  ],
};

export const FOREIGN_PHRASES: Readonly<Record<ForeignLanguage, ForeignPhraseBank>> = {
  es: SPANISH,
  fr: FRENCH,
  de: GERMAN,
};
