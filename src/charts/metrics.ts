/** Sizes the layout reserves and the SVG writer draws with. */
export const METRICS = {
  titleSize: 14,
  lineSize: 12,
  labelSize: 12,
  lineHeight: 16,
  padX: 12,
  titleHeight: 30,
  minStateWidth: 84,
  /** Reaction lines and edge labels wrap past this width. */
  wrapWidth: 300,
  initialDot: 12,
  historySize: 30,
  finalInset: 4,
  containerPad: 16,
} as const;
