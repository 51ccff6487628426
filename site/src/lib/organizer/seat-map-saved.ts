/** The window event the designer sends after a save, with the seats now on sale (`detail.seats`). */
export const seatMapSaved = 'seat-map-saved';
