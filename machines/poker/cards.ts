/**
 * Cards are integers 0..51 inside the engine: `rank * 4 + suit`, rank 0 = deuce ... 12 = ace,
 * suit 0..3 = c, d, h, s. On the wire they are two-character strings (`As`, `Td`, `9c`).
 */
export type Card = number;

export const RANKS = '23456789TJQKA';
export const SUITS = 'cdhs';

export const rankOf = (card: Card) => card >> 2;
export const suitOf = (card: Card) => card & 3;

/** `As`, `Td`, `9c`. */
export function cardName(card: Card): string {
  return RANKS[card >> 2] + SUITS[card & 3];
}

export const cardNames = (cards: readonly Card[]): string[] => cards.map(cardName);

/** Parse `As` → card; throws on anything else (tests and tools only). */
export function parseCard(text: string): Card {
  const rank = RANKS.indexOf(text[0] ?? '');
  const suit = SUITS.indexOf(text[1] ?? '');
  if (text.length !== 2 || rank < 0 || suit < 0) throw new Error(`not a card: "${text}"`);
  return rank * 4 + suit;
}

export const parseCards = (text: string): Card[] => text.trim().split(/\s+/).filter(Boolean).map(parseCard);

/** A fresh, ordered 52-card deck. */
export const orderedDeck = (): Card[] => Array.from({ length: 52 }, (_, i) => i);
