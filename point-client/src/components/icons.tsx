/** Small line icons beside button texts (never instead of them). */
const common = {
  width: 26,
  height: 26,
  viewBox: '0 0 24 24',
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 2,
  strokeLinecap: 'round' as const,
  strokeLinejoin: 'round' as const,
};

export const MicIcon = ({ off }: { off?: boolean }) => (
  <svg {...common} aria-hidden="true" focusable="false">
    <rect x="9" y="3" width="6" height="11" rx="3" />
    <path d="M5 11a7 7 0 0 0 14 0M12 18v3" />
    {off && <path d="M3 3l18 18" />}
  </svg>
);

export const CameraIcon = ({ off }: { off?: boolean }) => (
  <svg {...common} aria-hidden="true" focusable="false">
    <rect x="2" y="6" width="14" height="12" rx="2" />
    <path d="M16 10l6-3v10l-6-3" />
    {off && <path d="M3 3l18 18" />}
  </svg>
);

export const DocumentIcon = () => (
  <svg {...common} aria-hidden="true" focusable="false">
    <path d="M6 2h9l5 5v15H6z" />
    <path d="M14 2v6h6M9 13h8M9 17h8" />
  </svg>
);

export const ScreenIcon = () => (
  <svg {...common} aria-hidden="true" focusable="false">
    <rect x="2" y="4" width="20" height="13" rx="2" />
    <path d="M8 21h8M12 17v4" />
  </svg>
);

export const SpeakerIcon = () => (
  <svg {...common} aria-hidden="true" focusable="false">
    <path d="M4 9h4l5-4v14l-5-4H4z" />
    <path d="M16 9a4 4 0 0 1 0 6M19 6a8 8 0 0 1 0 12" />
  </svg>
);
